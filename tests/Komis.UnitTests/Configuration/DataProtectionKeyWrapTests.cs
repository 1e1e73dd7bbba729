using System.Security.Cryptography;
using System.Text;
using System.Xml.Linq;
using Komis.Web.Configuration.Security;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.Extensions.DependencyInjection;

namespace Komis.UnitTests.Configuration;

/// <summary>
/// Data Protection's keys are stored wrapped under a key held outside the database (<see cref="DataProtectionKeyWrap"/>):
/// the stored key ring alone reveals no key, and a node with the wrong wrapping key reads none of it.
/// </summary>
public sealed class DataProtectionKeyWrapTests
{
    private static readonly byte[] ConfiguredKey = SHA256.HashData("unit-test wrapping key"u8);

    [Fact]
    public void ThroughDataProtection_TheStoredKeyShowsNoSecret_AndAnotherNodeWithTheSameWrapReadsTheCookie()
    {
        var ring = new SharedRing();
        var cookie = Provider(ring, ConfiguredKey).GetRequiredService<IDataProtectionProvider>().CreateProtector("cookie").Protect("ticket");

        var stored = Assert.Single(ring.Elements);
        var secret = stored.Descendants("masterKey").SingleOrDefault();
        Assert.Null(secret); // the framework's plain <masterKey><value>…</value></masterKey> is not stored
        Assert.Single(stored.Descendants(DataProtectionKeyWrap.ElementName));
        Assert.Contains("WrappingXmlDecryptor", (string?)stored.Descendants().Single(e => e.Name.LocalName == "encryptedSecret").Attribute("decryptorType"));

        var otherNode = Provider(ring, ConfiguredKey).GetRequiredService<IDataProtectionProvider>().CreateProtector("cookie");
        Assert.Equal("ticket", otherNode.Unprotect(cookie));
    }

    [Fact]
    public void ANodeWithAnotherWrappingKey_CannotReadTheKeyRing_NorTheCookies()
    {
        var ring = new SharedRing();
        var cookie = Provider(ring, ConfiguredKey).GetRequiredService<IDataProtectionProvider>().CreateProtector("cookie").Protect("ticket");

        var stranger = Provider(ring, SHA256.HashData("another key"u8)).GetRequiredService<IDataProtectionProvider>().CreateProtector("cookie");

        Assert.ThrowsAny<CryptographicException>(() => stranger.Unprotect(cookie));
    }

    [Fact]
    public void Unwrap_GivesTheSecretBack_AndRefusesAChangedByte_OrAnotherWrappingKey_SayingWhichKeyItNeeds()
    {
        var wrap = new DataProtectionKeyWrap(ConfiguredKey);
        var secret = new XElement("masterKey", new XElement("value", "c2VjcmV0LWtleS1tYXRlcmlhbA=="));

        var wrapped = wrap.Wrap(secret);
        Assert.DoesNotContain("c2VjcmV0", wrapped.ToString());
        Assert.Equal(secret.ToString(), wrap.Unwrap(wrapped).ToString());

        var text = wrapped.Nodes().OfType<XText>().Single();
        var bytes = Convert.FromBase64String(text.Value);
        bytes[^1] ^= 1;
        var changed = new XElement(wrapped);
        changed.Nodes().OfType<XText>().Single().Value = Convert.ToBase64String(bytes);
        Assert.ThrowsAny<CryptographicException>(() => wrap.Unwrap(changed));

        var other = new DataProtectionKeyWrap(SHA256.HashData("another key"u8));
        var refused = Assert.ThrowsAny<CryptographicException>(() => other.Unwrap(wrapped));
        Assert.Contains(wrap.Id, refused.Message);
        Assert.Contains(other.Id, refused.Message);
        Assert.DoesNotContain(Convert.ToHexStringLower(ConfiguredKey)[..12], wrap.Id); // a fingerprint, not the key
    }

    [Fact]
    public void TwoWrapsOfTheSameSecret_DifferEntirely()
    {
        var wrap = new DataProtectionKeyWrap(ConfiguredKey);
        var secret = new XElement("masterKey", new XElement("value", "AAAA"));

        Assert.NotEqual(wrap.Wrap(secret).Value, wrap.Wrap(secret).Value); // a fresh nonce each time
    }

    private static ServiceProvider Provider(SharedRing ring, byte[] wrappingKey)
    {
        var services = new ServiceCollection();
        services.AddSingleton(new DataProtectionKeyWrap(wrappingKey));
        services.AddDataProtection().SetApplicationName("komis");
        services.Configure<KeyManagementOptions>(o =>
        {
            o.XmlRepository = ring;
            o.XmlEncryptor = new WrappingXmlEncryptor(new DataProtectionKeyWrap(wrappingKey));
        });
        return services.BuildServiceProvider();
    }

    /// <summary>One stored key ring for every node, as the database's table is.</summary>
    private sealed class SharedRing : IXmlRepository
    {
        public List<XElement> Elements { get; } = [];

        public IReadOnlyCollection<XElement> GetAllElements() => Elements.Select(e => new XElement(e)).ToList();

        public void StoreElement(XElement element, string friendlyName) => Elements.Add(new XElement(element));
    }
}
