using System.Xml.Linq;
using Komis.Web.Configuration;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.AuthenticatedEncryption.ConfigurationModel;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.DataProtection.Repositories;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Extensions.DependencyInjection;

namespace Komis.UnitTests.Configuration;

/// <summary>
/// Komis makes its Data Protection keys for AES-256-GCM (<see cref="DataConfig.DataProtectionAlgorithms"/>). A key
/// ring made before that change holds AES-256-CBC keys, and the login cookies in citizens' browsers were protected
/// with them: they must stay readable, while every key made from now on is GCM.
/// </summary>
public sealed class DataProtectionAlgorithmTests
{
    [Fact]
    public void NewKeys_AreAes256Gcm_AndWhatAnOlderCbcKeyProtected_StaysReadable()
    {
        var ring = new SharedRing();
        // Before the change: the framework's default algorithms (AES-256-CBC with HMAC-SHA256).
        var before = Provider(ring, algorithms: null);
        var oldCookie = before.GetRequiredService<IDataProtectionProvider>().CreateProtector("cookie").Protect("ticket");
        Assert.Equal(["AES_256_CBC"], ring.EncryptionAlgorithms());

        var after = Provider(ring, DataConfig.DataProtectionAlgorithms);
        var newKey = after.GetRequiredService<IKeyManager>().CreateNewKey(DateTimeOffset.UtcNow, DateTimeOffset.UtcNow.AddDays(90));
        var protector = after.GetRequiredService<IDataProtectionProvider>().CreateProtector("cookie");
        var newCookie = protector.Protect("ticket");

        Assert.Equal(["AES_256_CBC", "AES_256_GCM"], ring.EncryptionAlgorithms());
        Assert.Equal("ticket", protector.Unprotect(oldCookie)); // the old key still reads what it protected
        Assert.Equal("ticket", protector.Unprotect(newCookie));
        Assert.Equal(newKey.KeyId, KeyIdOf(newCookie)); // and new cookies are protected with the GCM key
    }

    private static ServiceProvider Provider(SharedRing ring, AuthenticatedEncryptorConfiguration? algorithms)
    {
        var services = new ServiceCollection();
        services.Configure<KeyManagementOptions>(o => o.XmlRepository = ring);
        var builder = services.AddDataProtection().SetApplicationName("komis");
        if (algorithms is not null)
        {
            builder.UseCryptographicAlgorithms(algorithms);
        }

        return services.BuildServiceProvider();
    }

    /// <summary>The key id in a protected payload: after the 4-byte magic header, as the format defines it.</summary>
    private static Guid KeyIdOf(string protectedText)
    {
        var bytes = WebEncoders.Base64UrlDecode(protectedText);
        return new Guid(bytes.AsSpan(4, 16));
    }

    /// <summary>One key ring for both configurations, as the database's table is for every node.</summary>
    private sealed class SharedRing : IXmlRepository
    {
        private readonly List<XElement> _elements = [];

        public IReadOnlyCollection<XElement> GetAllElements() => _elements.Select(e => new XElement(e)).ToList();

        public void StoreElement(XElement element, string friendlyName) => _elements.Add(new XElement(element));

        public string[] EncryptionAlgorithms() =>
            _elements.Select(e => (string?)e.Descendants("encryption").Single().Attribute("algorithm") ?? "").ToArray();
    }
}
