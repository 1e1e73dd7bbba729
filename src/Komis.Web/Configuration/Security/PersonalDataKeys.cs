using System.Security.Cryptography;
using System.Text;
using Komis.Domain.Subscribers;
using Microsoft.Extensions.Options;

namespace Komis.Web.Configuration.Security;

/// <summary>"Komis:Security:Keys": secrets that must stay the same across restarts and nodes. Never in the repo.</summary>
public sealed class KeyOptions
{
    public const string Section = "Komis:Security:Keys";

    /// <summary>Base64, at least 32 bytes: the HMAC key for FINs and ID card numbers.</summary>
    public string? PersonalData { get; set; }

    /// <summary>Base64, at least 16 bytes: the key of the subscriber code permutation.</summary>
    public string? SubscriberCodes { get; set; }

    /// <summary>Base64, at least 32 bytes: the key of receipt verification tokens.</summary>
    public string? Receipts { get; set; }

    /// <summary>Base64, at least 32 bytes: wraps Data Protection's keys (those of the cookies) where they are stored.</summary>
    public string? DataProtection { get; set; }
}

/// <summary>
/// Keyed hashes of FINs and ID card numbers: Komis can find a person again without keeping the numbers.
/// Without the key (held outside the database) the 10⁸-value space of card numbers cannot be searched.
/// </summary>
public sealed class PersonalDataHasher
{
    private readonly byte[] _key;

    public PersonalDataHasher(IOptions<KeyOptions> options, IHostEnvironment environment, ILogger<PersonalDataHasher> logger)
    {
        _key = KeyMaterial.Load(options.Value.PersonalData, "PersonalData", 32, environment, logger);
    }

    public byte[] Fin(string normalizedFin) => Hash("fin:" + normalizedFin);

    public byte[] IdCard(IdCard card) => Hash("idcard:" + card.Canonical);

    /// <summary>A staff member's recovery code, as stored (KomisUserStore): bound to the login, searchable only with the key.</summary>
    public byte[] RecoveryCode(Guid userId, string normalizedCode) => Hash("recovery:" + userId.ToString("N") + ":" + normalizedCode);

    private byte[] Hash(string value) => HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes(value));
}

internal static class KeyMaterial
{
    /// <summary>
    /// Production and every other environment must configure the key; Development and Testing fall back to a fixed,
    /// public development key so the demo works out of the box (their data is not real).
    /// </summary>
    public static byte[] Load(string? configured, string name, int minBytes, IHostEnvironment environment, ILogger logger)
    {
        if (!string.IsNullOrWhiteSpace(configured))
        {
            byte[] bytes;
            try
            {
                bytes = Convert.FromBase64String(configured);
            }
            catch (FormatException)
            {
                throw new InvalidOperationException($"{KeyOptions.Section}:{name} is not base64.");
            }

            if (bytes.Length < minBytes)
            {
                throw new InvalidOperationException($"{KeyOptions.Section}:{name} must be at least {minBytes} bytes.");
            }

            return bytes;
        }

        if (environment.IsDevelopment() || environment.IsEnvironment("Testing"))
        {
            logger.LogWarning("{Key} key not configured: using the public development key (never in production)", name);
            return SHA256.HashData(Encoding.UTF8.GetBytes("komis-development-only:" + name));
        }

        throw new InvalidOperationException($"Configure {KeyOptions.Section}:{name} (base64, at least {minBytes} bytes).");
    }
}

/// <summary>
/// Reads every key "Komis:Security:Keys:*" names when the host starts, before anything is served: outside Development
/// and Testing a missing, short or malformed key stops the start with the setting's name, instead of failing the first
/// registration, receipt or cookie that needs it. (The administrative commands do not start the host.)
/// </summary>
internal sealed class ConfiguredKeysCheck(IServiceProvider services) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        services.GetRequiredService<PersonalDataHasher>();
        services.GetRequiredService<Komis.Domain.Subscribers.SubscriberCodeGenerator>();
        services.GetRequiredService<Features.Payments.ReceiptTokens>();
        services.GetRequiredService<DataProtectionKeyWrap>();
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
