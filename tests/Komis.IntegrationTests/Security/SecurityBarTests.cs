using System.Net;
using Komis.IntegrationTests.Infrastructure;
using Microsoft.Extensions.Hosting;
using Microsoft.AspNetCore.Builder;
using Komis.Web.Configuration.Security;
using Komis.Web.Configuration;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.AuthenticatedEncryption;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.DataProtection.AuthenticatedEncryption.ConfigurationModel;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using static Komis.IntegrationTests.Citizens.CitizenWorld;
using static Komis.IntegrationTests.Payments.PaymentWorld;

namespace Komis.IntegrationTests.Security;

/// <summary>The transport and session rules of docs/SECURITY.md that are not proven elsewhere.</summary>
public sealed class SecurityBarTests(KomisAppFactory app) : IntegrationTest(app)
{
    [Fact]
    public async Task SessionAndAntiforgeryCookies_AreHostPrefixed_Secure_HttpOnly_SameSite()
    {
        var (code, password) = await RegisteredAsync();
        using var client = App.CreateFormClient();

        var page = await client.GetAsync("/odenis-xidmetleri/giris");
        var login = await LoginAsync(client, code, password);

        var cookies = page.SetCookies().Concat(login.SetCookies()).ToList();
        Assert.Contains(cookies, c => c.StartsWith("__Host-komis=", StringComparison.Ordinal)); // the session
        Assert.Contains(cookies, c => c.StartsWith("__Host-komis-af=", StringComparison.Ordinal)); // antiforgery
        Assert.All(cookies, c =>
        {
            var lower = c.ToLowerInvariant();
            Assert.StartsWith("__Host-", c, StringComparison.Ordinal);
            Assert.Contains("; secure", lower);
            Assert.Contains("; httponly", lower);
            Assert.Contains("; samesite=", lower);
            Assert.Contains("; path=/", lower);
            Assert.DoesNotContain("domain=", lower);
        });
    }

    [Fact]
    public async Task Https_AnswersWithHsts_ForAYear_IncludingSubdomains()
    {
        using var client = App.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://komis.example") });

        var response = await client.GetAsync("/");

        Assert.Equal("max-age=31536000; includeSubDomains", response.Headers.GetValues("Strict-Transport-Security").Single());
    }

    [Fact]
    public async Task ARestart_LogsNobodyOut_TheKeyRingLivesInPostgres()
    {
        var (code, password) = await RegisteredAsync();
        var jar = new CookieContainer();
        var before = App.SecondNode();
        using (var client = before.CreateFormClient(jar))
        {
            await LoginAsync(client, code, password);
            await ChangePasswordAsync(client, password, NewPassword);
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/kabinet")).StatusCode);
        }

        await before.DisposeAsync(); // the process is gone, and with it every key held in memory
        await using var after = App.SecondNode();
        using var again = after.CreateFormClient(jar);

        var cabinet = await again.GetAsync("/kabinet");

        Assert.Equal(HttpStatusCode.OK, cabinet.StatusCode);
        Assert.Contains(code, await cabinet.Content.ReadAsStringAsync());
        Assert.True(await App.WithDbAsync(db => db.DataProtectionKeys.CountAsync()) >= 1);
    }

    [Fact]
    public void NewDataProtectionKeys_AreMadeForAes256Gcm()
    {
        var options = App.Services.GetRequiredService<IOptions<KeyManagementOptions>>().Value;

        var algorithms = Assert.IsType<AuthenticatedEncryptorConfiguration>(options.AuthenticatedEncryptorConfiguration);
        Assert.Equal(EncryptionAlgorithm.AES_256_GCM, algorithms.EncryptionAlgorithm);
    }

    [Fact]
    public async Task TheLoginCookie_IsReadThroughTheMemo_AndAnotherPurposeStillCannotOpenIt()
    {
        var provider = App.Services.GetRequiredService<IDataProtectionProvider>();
        Assert.IsType<MemoizingDataProtectionProvider>(provider);
        var login = App.Services.GetRequiredService<IOptionsMonitor<CookieAuthenticationOptions>>().Get(IdentityConstants.ApplicationScheme);
        Assert.Same(provider, login.DataProtectionProvider);

        // A signed-in citizen's pages work as before, page after page with the same cookie.
        var (code, password) = await RegisteredAsync();
        using var client = App.CreateFormClient();
        await LoginAsync(client, code, password);
        await ChangePasswordAsync(client, password, NewPassword);
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/kabinet")).StatusCode);
        }

        var payload = provider.CreateProtector("Komis.Test.One").Protect("x"u8.ToArray());
        provider.CreateProtector("Komis.Test.One").Unprotect(payload);
        Assert.ThrowsAny<System.Security.Cryptography.CryptographicException>(() => provider.CreateProtector("Komis.Test.Two").Unprotect(payload));
    }

    [Fact]
    public async Task StoredDataProtectionKeys_AreWrapped_TheTableAloneHoldsNoKey()
    {
        using var client = App.CreateFormClient();
        await client.GetPageAsync("/odenis-xidmetleri/giris"); // a form: its antiforgery token needs the key ring

        var stored = await App.WithDbAsync(db => db.DataProtectionKeys.Select(k => k.Xml).ToListAsync());

        Assert.NotEmpty(stored);
        Assert.All(stored, xml =>
        {
            Assert.Contains("<komisWrappedKey", xml);
            Assert.DoesNotContain("<masterKey", xml); // the framework's plain form of the secret
        });
    }

    [Fact]
    public async Task InProduction_AMissingKey_StopsTheStart_NamingTheSetting()
    {
        // The app's own services in Production, the cookies' key given (without it Data Protection's start fails by
        // itself), the others not. Checked on the hosted service itself: a start failing inside WebApplicationFactory
        // races the app's disposal there, and was seen as "Cannot access a disposed object" now and then.
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions { EnvironmentName = "Production" });
        builder.Configuration["ConnectionStrings:Komis"] = App.ConnectionString;
        builder.Configuration["Komis:Security:Keys:DataProtection"] = Convert.ToBase64String(new byte[32]);
        builder.AddKomisLogging();
        builder.Services
            .AddKomisData().AddKomisIdentity().AddKomisLocalization().AddKomisMvc().AddKomisBillers().AddKomisCitizens()
            .AddKomisPayments().AddKomisStaff().AddKomisSandboxes().AddKomisApi().AddKomisHealthChecks();
        await using var app = builder.Build();

        var hosted = app.Services.GetServices<IHostedService>().ToList();
        var check = Assert.Single(hosted.OfType<ConfiguredKeysCheck>());
        var dataProtection = hosted.FindIndex(s => s.GetType().Name == "DataProtectionHostedService");
        Assert.InRange(hosted.IndexOf(check), 0, dataProtection - 1); // before Data Protection's start (and the server's)
        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => check.StartAsync(CancellationToken.None));

        Assert.Contains("Configure Komis:Security:Keys:PersonalData", failure.Message);
    }

    private async Task<(string Code, string Password)> RegisteredAsync()
    {
        var person = NewPerson(App);
        await NewAccountAsync(App, "AZERIQAZ", "1002003004", null, (2026, 10, 5m));
        using var client = App.CreateFormClient();
        return await RegisterAsync(client, person, ("AZERIQAZ", "1002003004"));
    }
}
