using System.Security.Cryptography;
using System.Text;
using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.XmlEncryption;
using Microsoft.Extensions.Options;

namespace Komis.Web.Configuration.Security;

/// <summary>
/// Data Protection's keys (the keys of every login, antiforgery and flash cookie) are kept in PostgreSQL so that all
/// nodes share them; this wraps each one, before it is stored, with AES-256-GCM under "Komis:Security:Keys:DataProtection",
/// a key held outside the database. Without it, anyone who could read the table (a backup, a replica, a leaked dump)
/// could forge any session, staff and administrators' included, past their second factor.
/// </summary>
public sealed class DataProtectionKeyWrap
{
    public const string ElementName = "komisWrappedKey";
    private const int NonceSize = 12;
    private const int TagSize = 16;

    // Binds a wrapped key to this use: the same configured key wrapping anything else cannot be passed off as one.
    private static readonly byte[] AssociatedData = "komis:data-protection-key:v1"u8.ToArray();

    private readonly byte[] _key;

    public DataProtectionKeyWrap(IOptions<KeyOptions> options, IHostEnvironment environment, ILogger<DataProtectionKeyWrap> logger)
        : this(KeyMaterial.Load(options.Value.DataProtection, "DataProtection", 32, environment, logger))
    {
    }

    internal DataProtectionKeyWrap(byte[] configured)
    {
        // Its own 256-bit key, whatever length was configured (at least 32 bytes).
        _key = HKDF.DeriveKey(HashAlgorithmName.SHA256, configured, 32, info: "komis data protection key wrap"u8.ToArray());
        // Names the wrapping key in what it wraps, so a node with another one says so instead of "decryption failed".
        Id = Convert.ToHexStringLower(SHA256.HashData(_key))[..12];
    }

    /// <summary>A fingerprint of the wrapping key (not the key): which configured key a stored key needs.</summary>
    public string Id { get; }

    public XElement Wrap(XElement secret)
    {
        var plaintext = Encoding.UTF8.GetBytes(secret.ToString(SaveOptions.DisableFormatting));
        try
        {
            var sealedBytes = new byte[NonceSize + TagSize + plaintext.Length];
            var nonce = sealedBytes.AsSpan(0, NonceSize);
            RandomNumberGenerator.Fill(nonce);
            using var aes = new AesGcm(_key, TagSize);
            aes.Encrypt(nonce, plaintext, sealedBytes.AsSpan(NonceSize + TagSize), sealedBytes.AsSpan(NonceSize, TagSize), AssociatedData);
            return new XElement(ElementName,
                new XAttribute("algorithm", "AES-256-GCM"),
                new XAttribute("wrapKeyId", Id),
                new XComment(" Wrapped under Komis:Security:Keys:DataProtection. "),
                Convert.ToBase64String(sealedBytes));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plaintext);
        }
    }

    public XElement Unwrap(XElement wrapped)
    {
        if (wrapped.Name != ElementName)
        {
            throw new CryptographicException($"Not a key wrapped by Komis (element <{wrapped.Name}>).");
        }

        var id = (string?)wrapped.Attribute("wrapKeyId");
        if (id != Id)
        {
            throw new CryptographicException(
                $"This Data Protection key was wrapped under another {KeyOptions.Section}:DataProtection key (id {id}); this node's key has id {Id}.");
        }

        byte[] sealedBytes;
        try
        {
            sealedBytes = Convert.FromBase64String(wrapped.Value.Trim()); // its text (the comment is not text)
        }
        catch (FormatException e)
        {
            throw new CryptographicException("The wrapped Data Protection key is malformed.", e);
        }

        if (sealedBytes.Length <= NonceSize + TagSize)
        {
            throw new CryptographicException("The wrapped Data Protection key is malformed.");
        }

        var plaintext = new byte[sealedBytes.Length - NonceSize - TagSize];
        try
        {
            using var aes = new AesGcm(_key, TagSize);
            // Throws AuthenticationTagMismatchException (a CryptographicException) if a byte was changed.
            aes.Decrypt(sealedBytes.AsSpan(0, NonceSize), sealedBytes.AsSpan(NonceSize + TagSize), sealedBytes.AsSpan(NonceSize, TagSize), plaintext, AssociatedData);
            return XElement.Parse(Encoding.UTF8.GetString(plaintext));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(plaintext);
        }
    }
}

/// <summary>Data Protection's hook for storing a key: the secret part leaves wrapped.</summary>
internal sealed class WrappingXmlEncryptor(DataProtectionKeyWrap wrap) : IXmlEncryptor
{
    public EncryptedXmlInfo Encrypt(XElement plaintextElement) =>
        new(wrap.Wrap(plaintextElement), typeof(WrappingXmlDecryptor));
}

/// <summary>
/// Data Protection's hook for reading a stored key back; made by Data Protection itself (by type, named in the stored
/// key), hence the service provider.
/// </summary>
internal sealed class WrappingXmlDecryptor(IServiceProvider services) : IXmlDecryptor
{
    public XElement Decrypt(XElement encryptedElement) => services.GetRequiredService<DataProtectionKeyWrap>().Unwrap(encryptedElement);
}
