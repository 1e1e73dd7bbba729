using System.Net;
using System.Text.RegularExpressions;
using Komis.Domain.Accounts;
using Komis.IntegrationTests.Infrastructure;
using Komis.Web.Data.Demo;
using Komis.Web.Integrations.Sandbox;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Komis.IntegrationTests.Citizens;

/// <summary>People in the sandbox identity registry, biller accounts, and the registration walked as a browser does.</summary>
public static partial class CitizenWorld
{
    private static int _counter;

    public static DemoPerson NewPerson(KomisAppFactory app, bool expired = false)
    {
        var n = Interlocked.Increment(ref _counter);
        const string alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ";
        var fin = $"T{alphabet[n % 24]}{alphabet[(n / 24) % 24]}{n % 10000:0000}";
        var person = new DemoPerson("Aysel", "Məmmədova", "Rauf qızı", fin, "AZE", (40_000_000 + n).ToString(System.Globalization.CultureInfo.InvariantCulture),
            DateOnly.FromDateTime(DateTime.UtcNow).AddYears(expired ? -1 : 5));
        app.Services.GetRequiredService<SandboxIdentityRegistry>().Add(person);
        return person;
    }

    public static async Task<long> NewAccountAsync(KomisAppFactory app, string biller, string number, string? holderFin = null, params (int Year, int Month, decimal Amount)[] charges) =>
        await app.WithDbAsync(async db =>
        {
            var b = await db.Billers.SingleAsync(x => x.Code == biller);
            var account = BillerAccount.Open(b, number, "Məmmədova Aysel Rauf qızı", "Bakı, Nizami küç. 10, m. 5", holderFin, DateTimeOffset.UtcNow.AddHours(-1),
                charges.Select(c => new ChargeData(new BillingPeriod(c.Year, c.Month), c.Amount, new DateOnly(c.Year, c.Month, 1).AddMonths(1).AddDays(19))));
            db.BillerAccounts.Add(account);
            await db.SaveChangesAsync();
            return account.Id;
        });

    public static Task<HttpResponseMessage> SubmitIdCardAsync(FormClient client, DemoPerson person, string? fin = null) =>
        client.PostFormAsync("/odenis-xidmetleri/qeydiyyat", "/odenis-xidmetleri/qeydiyyat",
            [new("Series", person.CardSeries), new("Number", person.CardNumber), new("Fin", fin ?? person.Fin)]);

    public static async Task AddAccountAsync(FormClient client, string biller, string number)
    {
        var found = await client.PostFormAsync("/odenis-xidmetleri/qeydiyyat/hesablar", "/odenis-xidmetleri/qeydiyyat/hesablar/tap",
            [new("Biller", biller), new("AccountNumber", number)]);
        var html = await found.Content.ReadAsStringAsync();
        Assert.True(found.StatusCode == HttpStatusCode.OK, $"find answered {(int)found.StatusCode}");
        Assert.Contains("id=\"found-account\"", html);
        var added = await client.Http.PostAsync("/odenis-xidmetleri/qeydiyyat/hesablar/elave", new FormUrlEncodedContent(
            [new("Biller", biller), new("AccountNumber", number), new("__RequestVerificationToken", FormClient.AntiforgeryToken(html))]));
        Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);
    }

    /// <summary>The whole online registration; returns the code and initial password read from the sheet.</summary>
    public static async Task<(string Code, string Password)> RegisterAsync(FormClient client, DemoPerson person, params (string Biller, string Number)[] accounts)
    {
        var identity = await SubmitIdCardAsync(client, person);
        Assert.Equal(HttpStatusCode.Redirect, identity.StatusCode);
        foreach (var (biller, number) in accounts)
        {
            await AddAccountAsync(client, biller, number);
        }

        var completed = await client.PostFormAsync("/odenis-xidmetleri/qeydiyyat/yoxla", "/odenis-xidmetleri/qeydiyyat/tamamla", []);
        Assert.Equal("/odenis-xidmetleri/qeydiyyat/vereqe", completed.LocationPath());
        var sheet = await client.GetPageAsync("/odenis-xidmetleri/qeydiyyat/vereqe");
        return (CodeOf(sheet), PasswordOf(sheet));
    }

    public static async Task<HttpResponseMessage> LoginAsync(FormClient client, string code, string password) =>
        await client.PostFormAsync("/odenis-xidmetleri/giris", "/odenis-xidmetleri/giris", [new("Code", code), new("Password", password)]);

    public static Task<HttpResponseMessage> ChangePasswordAsync(FormClient client, string current, string next, string? confirm = null) =>
        client.PostFormAsync("/kabinet/sifre", "/kabinet/sifre",
            [new("CurrentPassword", current), new("NewPassword", next), new("ConfirmPassword", confirm ?? next)]);

    public static string CodeOf(string sheetHtml) => CodePattern().Match(sheetHtml).Groups[1].Value;

    public static string PasswordOf(string sheetHtml) => WebUtility.HtmlDecode(PasswordPattern().Match(sheetHtml).Groups[1].Value);

    [GeneratedRegex("data-code=\"(\\d{10})\"")]
    private static partial Regex CodePattern();

    [GeneratedRegex("id=\"initial-password\">([^<]+)<")]
    private static partial Regex PasswordPattern();
}
