using System.Globalization;
using System.Net;
using System.Security.Claims;
using Komis.Web.Data;
using Komis.Web.Features.Citizens;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Komis.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static Komis.IntegrationTests.Citizens.CitizenWorld;

namespace Komis.IntegrationTests.Citizens;

public sealed class LoginAndCabinetTests(KomisAppFactory app) : IntegrationTest(app)
{
    private const string NewPassword = "yaşıl dağlar altında";

    [Fact]
    public async Task Login_WrongPasswordAndUnknownCode_GetTheSameMessage()
    {
        var (code, _) = await RegisteredAsync("1002003004");
        using var client = App.CreateFormClient();

        var wrongPassword = await LoginAsync(client, code, "not-the-password");
        var unknownCode = await LoginAsync(client, "1234567897", "whatever-it-is");

        Assert.Equal(HttpStatusCode.Unauthorized, wrongPassword.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, unknownCode.StatusCode);
        Assert.Contains("Abonent kodu və ya şifrə yanlışdır.", await wrongPassword.Content.ReadAsStringAsync());
        Assert.Contains("Abonent kodu və ya şifrə yanlışdır.", await unknownCode.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Login_FiveFailures_LockTheLogin_EvenForTheRightPassword()
    {
        var (code, password) = await RegisteredAsync("1002003004");
        using var client = App.CreateFormClient();

        for (var i = 0; i < 5; i++)
        {
            await LoginAsync(client, code, "wrong-password-" + i);
        }

        var right = await LoginAsync(client, code, password);

        Assert.Equal(HttpStatusCode.TooManyRequests, right.StatusCode);
        Assert.Contains("Giriş 15 dəqiqəlik bağlandı.", await right.Content.ReadAsStringAsync());
        var lockoutEnd = await App.WithDbAsync(db => db.Users.Where(u => u.UserName == code).Select(u => u.LockoutEnd).SingleAsync());
        Assert.True(lockoutEnd > DateTimeOffset.UtcNow.AddMinutes(14));
    }

    [Theory]
    [InlineData("password123", "geniş yayılıb")]
    [InlineData("short", "ən azı 8 simvol")]
    [InlineData("{code}xx", "abonent kodu ola bilməz")]
    [InlineData("{initial}", "hazırkı şifrədən fərqli")]
    public async Task ForcedChange_RefusesWeakPasswords(string candidate, string message)
    {
        var (code, password) = await RegisteredAsync("1002003004");
        using var client = App.CreateFormClient();
        await LoginAsync(client, code, password);

        var response = await ChangePasswordAsync(client, password, candidate.Replace("{code}", code).Replace("{initial}", password));

        Assert.Equal((HttpStatusCode)422, response.StatusCode);
        Assert.Contains(message, await response.Content.ReadAsStringAsync());
        Assert.Equal("/kabinet/sifre", (await client.GetAsync("/kabinet")).LocationPath());
    }

    [Fact]
    public async Task PasswordChange_EndsTheOtherSessions_AndTheInitialPasswordStopsWorking()
    {
        var (code, password) = await RegisteredAsync("1002003004");
        using var first = App.CreateFormClient();
        using var second = App.CreateFormClient();
        await LoginAsync(first, code, password);
        await LoginAsync(second, code, password);

        await ChangePasswordAsync(first, password, NewPassword);

        Assert.Equal(HttpStatusCode.OK, (await first.GetAsync("/kabinet")).StatusCode);
        var other = await second.GetAsync("/kabinet/sifre");
        Assert.StartsWith("/odenis-xidmetleri/giris", other.LocationPath());
        using var third = App.CreateFormClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await LoginAsync(third, code, password)).StatusCode);
        Assert.Equal("/kabinet", (await LoginAsync(third, code, NewPassword)).LocationPath());
    }

    [Fact]
    public async Task Cabinet_WithoutLogin_GoesToTheLoginPage()
    {
        using var client = App.CreateFormClient();

        var response = await client.GetAsync("/kabinet");

        Assert.StartsWith("/odenis-xidmetleri/giris", response.LocationPath());
    }

    [Fact]
    public async Task Cabinet_AddAndUnlinkAnAccount()
    {
        var (code, password) = await RegisteredAsync("1002003004");
        await NewAccountAsync(App, "BAKIELEKTRIK", "BE10203040", null, (2026, 10, 11.11m));
        using var client = await SignedInAsync(code, password);

        var found = await client.PostFormAsync("/kabinet/hesablar", "/kabinet/hesablar/tap", [new("Biller", "BAKIELEKTRIK"), new("AccountNumber", "be10203040")]);
        var token = FormClient.AntiforgeryToken(await found.Content.ReadAsStringAsync());
        var added = await client.Http.PostAsync("/kabinet/hesablar/elave", new FormUrlEncodedContent(
            [new("Biller", "BAKIELEKTRIK"), new("AccountNumber", "BE10203040"), new("__RequestVerificationToken", token)]));
        Assert.Equal("/kabinet/hesablar", added.LocationPath());
        Assert.Contains("BE10203040", await client.GetPageAsync("/kabinet"));

        var linkId = await App.WithDbAsync(db => db.SubscriberAccounts
            .Join(db.BillerAccounts, l => l.BillerAccountId, a => a.Id, (l, a) => new { l.Id, a.AccountNumber })
            .Where(x => x.AccountNumber == "BE10203040").Select(x => x.Id).SingleAsync());
        var removed = await client.PostFormAsync("/kabinet/hesablar", $"/kabinet/hesablar/{linkId}/sil", []);
        Assert.Equal("/kabinet/hesablar", removed.LocationPath());
        Assert.DoesNotContain("BE10203040", await client.GetPageAsync("/kabinet"));
    }

    [Fact]
    public async Task Notice_IsShownOnce_AndAPageWithoutOne_SetsNoFlashCookie()
    {
        var (code, password) = await RegisteredAsync("1002003007");
        await NewAccountAsync(App, "BAKIELEKTRIK", "BE10203047", null, (2026, 10, 11.11m));
        using var client = await SignedInAsync(code, password);
        var changed = await client.GetAsync("/kabinet"); // the password change's notice, shown and so deleted
        Assert.Contains(FlashCookies(changed), c => c.Contains("expires=Thu, 01 Jan 1970", StringComparison.OrdinalIgnoreCase));
        var plain = await client.GetAsync("/kabinet");
        Assert.Equal(HttpStatusCode.OK, plain.StatusCode);
        Assert.Empty(FlashCookies(plain)); // no notice: nothing to read, nothing to write or delete

        var found = await client.PostFormAsync("/kabinet/hesablar", "/kabinet/hesablar/tap", [new("Biller", "BAKIELEKTRIK"), new("AccountNumber", "BE10203047")]);
        var token = FormClient.AntiforgeryToken(await found.Content.ReadAsStringAsync());
        var added = await client.Http.PostAsync("/kabinet/hesablar/elave", new FormUrlEncodedContent(
            [new("Biller", "BAKIELEKTRIK"), new("AccountNumber", "BE10203047"), new("__RequestVerificationToken", token)]));
        Assert.Single(FlashCookies(added)); // the notice, for the next page

        var next = await client.GetAsync(added.LocationPath()!);
        Assert.Contains("Hesab əlavə edildi.", System.Net.WebUtility.HtmlDecode(await next.Content.ReadAsStringAsync()));
        Assert.Contains(FlashCookies(next), c => c.Contains("expires=Thu, 01 Jan 1970", StringComparison.OrdinalIgnoreCase)); // shown, so deleted

        var after = await client.GetAsync("/kabinet");
        Assert.DoesNotContain("Hesab əlavə edildi.", System.Net.WebUtility.HtmlDecode(await after.Content.ReadAsStringAsync()));
        Assert.Empty(FlashCookies(after));
    }

    [Fact]
    public async Task Head_DoesNotUseUpANotice_TheNextPageSeenShowsIt()
    {
        var (code, password) = await RegisteredAsync("1002003008");
        using var client = await SignedInAsync(code, password); // the password change left its notice for the next page

        var head = await client.Http.SendAsync(new HttpRequestMessage(HttpMethod.Head, "/kabinet"));
        var page = await client.GetPageAsync("/kabinet");

        Assert.Equal(HttpStatusCode.OK, head.StatusCode);
        Assert.Empty(FlashCookies(head));
        Assert.Contains("Şifrə dəyişdirildi.", System.Net.WebUtility.HtmlDecode(page));
    }

    private static List<string> FlashCookies(HttpResponseMessage response) =>
        response.SetCookies().Where(c => c.Contains("komis-flash=", StringComparison.Ordinal)).ToList();

    [Fact]
    public async Task Cabinet_ShowsABillersChange_AtTheVeryNextView()
    {
        // The cabinet keeps the billers it read (BillerDirectory); a change must never wait for it to expire.
        var (code, password) = await RegisteredAsync("1002003006");
        using var client = await SignedInAsync(code, password);
        Assert.Contains("1002003006", await client.GetPageAsync("/kabinet"));

        await App.WithDbAsync(db => db.Database.ExecuteSqlRawAsync("UPDATE billers SET name_az = 'Qaz Renamed 42' WHERE code = 'AZERIQAZ'"));
        Assert.Contains("Qaz Renamed 42", await client.GetPageAsync("/kabinet"));

        await App.WithDbAsync(db => db.Database.ExecuteSqlRawAsync("UPDATE billers SET name_az = 'Qaz Renamed 43' WHERE code = 'AZERIQAZ'"));
        var page = await client.GetPageAsync("/kabinet");
        Assert.Contains("Qaz Renamed 43", page);
        Assert.DoesNotContain("Qaz Renamed 42", page);
    }

    [Fact]
    public async Task AnotherSubscribersLinkId_IsRefused_AndTheirDataStays()
    {
        var (victimCode, victimPassword) = await RegisteredAsync("1002003004");
        var victimLink = await App.WithDbAsync(db => db.SubscriberAccounts.Select(l => l.Id).SingleAsync());
        var (code, password) = await RegisteredAsync("1002003005");
        using var attacker = await SignedInAsync(code, password);

        var response = await attacker.PostFormAsync("/kabinet/hesablar", $"/kabinet/hesablar/{victimLink}/sil", []);
        var cabinet = await attacker.GetPageAsync("/kabinet?subscriberId=" + victimCode);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.True(await App.WithDbAsync(db => db.SubscriberAccounts.AnyAsync(l => l.Id == victimLink)));
        Assert.DoesNotContain("1002003004", cabinet);
        Assert.Contains("1002003005", cabinet);
        _ = victimPassword;
    }

    [Fact]
    public async Task Logout_EndsTheSession()
    {
        var (code, password) = await RegisteredAsync("1002003004");
        using var client = await SignedInAsync(code, password);

        var logout = await client.PostFormAsync("/kabinet", "/odenis-xidmetleri/cixis", []);

        Assert.Equal("/odenis-xidmetleri/giris", logout.LocationPath());
        Assert.StartsWith("/odenis-xidmetleri/giris", (await client.GetAsync("/kabinet")).LocationPath());
    }

    [Fact]
    public async Task Session_OlderThanTwelveHours_IsEnded_EvenWhenActive()
    {
        var (code, password) = await RegisteredAsync("1002003004");
        (await SignedInAsync(code, password)).Dispose();

        // A session that began 12 h 1 min ago, kept alive since (its cookie is fresh), and one that began an hour ago.
        using var old = await SessionStartedAgoAsync(code, TimeSpan.FromHours(12).Add(TimeSpan.FromMinutes(1)));
        using var recent = await SessionStartedAgoAsync(code, TimeSpan.FromHours(1));

        Assert.StartsWith("/odenis-xidmetleri/giris", (await old.GetAsync("/kabinet")).LocationPath());
        Assert.Equal(HttpStatusCode.OK, (await recent.GetAsync("/kabinet")).StatusCode);
    }

    /// <summary>A client holding a valid, freshly issued session cookie whose sign-in time lies <paramref name="ago"/> in the past.</summary>
    private async Task<HttpClient> SessionStartedAgoAsync(string code, TimeSpan ago)
    {
        await using var scope = App.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<KomisUser>>();
        var signIn = scope.ServiceProvider.GetRequiredService<SignInManager<KomisUser>>();
        var principal = await signIn.CreateUserPrincipalAsync((await users.FindByNameAsync(code))!);
        var identity = (ClaimsIdentity)principal.Identity!;
        identity.RemoveClaim(identity.FindFirst(CitizenClaims.AuthTime));
        identity.AddClaim(new Claim(CitizenClaims.AuthTime, DateTimeOffset.UtcNow.Subtract(ago).ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)));
        var options = scope.ServiceProvider.GetRequiredService<IOptionsMonitor<CookieAuthenticationOptions>>().Get(IdentityConstants.ApplicationScheme);
        var ticket = new AuthenticationTicket(principal, new AuthenticationProperties
        {
            IssuedUtc = DateTimeOffset.UtcNow,
            ExpiresUtc = DateTimeOffset.UtcNow.AddMinutes(30),
        }, IdentityConstants.ApplicationScheme);
        var client = App.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://localhost"), AllowAutoRedirect = false });
        client.DefaultRequestHeaders.Add("Cookie", $"{options.Cookie.Name}={options.TicketDataFormat.Protect(ticket)}");
        return client;
    }

    private async Task<(string Code, string Password)> RegisteredAsync(string gasAccount)
    {
        var person = NewPerson(App);
        await NewAccountAsync(App, "AZERIQAZ", gasAccount, null, (2026, 10, 5m));
        using var client = App.CreateFormClient();
        return await RegisterAsync(client, person, ("AZERIQAZ", gasAccount));
    }

    private async Task<FormClient> SignedInAsync(string code, string initial)
    {
        var client = App.CreateFormClient();
        await LoginAsync(client, code, initial);
        await ChangePasswordAsync(client, initial, NewPassword);
        return client;
    }
}
