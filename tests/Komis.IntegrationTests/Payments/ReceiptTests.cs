using System.Net;
using System.Text.RegularExpressions;
using Komis.IntegrationTests.Infrastructure;
using Komis.Web.Integrations.Sandbox;
using Microsoft.EntityFrameworkCore;
using static Komis.IntegrationTests.Payments.PaymentWorld;

namespace Komis.IntegrationTests.Payments;

public sealed partial class ReceiptTests(KomisAppFactory app) : IntegrationTest(app)
{
    [Fact]
    public async Task Receipt_ShowsEverythingOnce_AsHtmlAndPdf_AndItsQrLinkVerifiesWithoutPersonalData()
    {
        using var client = await CitizenWithAccountsAsync(App, ("AZERIQAZ", "1002003004", [(2026, 10, 15.25m)]));
        await PayAsync(client, SandboxAcquirer.ApprovedCard, (await AccountIdAsync(App, "1002003004"), [("2026-10", "15.25")], null));
        var number = await App.WithDbAsync(db => db.Payments.Select(p => p.ReceiptNumber!).SingleAsync());

        var html = await client.GetPageAsync($"/kabinet/odenisler/{number}");
        var pdf = await client.Http.GetByteArrayAsync($"/kabinet/odenisler/{number}.pdf");
        var link = VerifyLink().Match(html).Groups[1].Value;
        using var stranger = App.CreateFormClient();
        var verified = await stranger.GetPageAsync(WebUtility.HtmlDecode(link).Replace("https://localhost", "", StringComparison.Ordinal));

        Assert.Contains("KÖMİS", html);
        Assert.Contains("1002003004", html);
        Assert.Contains("15,25 AZN", html);
        Assert.Contains("KÖMİS internet portalı", html);
        Assert.Matches("\\d{10} · M\\*+", html); // payer code and masked name
        var text = PdfText.Extract(pdf);
        Assert.Contains(number, text);
        Assert.Contains("15,25 AZN", text);
        Assert.Contains("bu çıxarış həqiqidir".ToUpperInvariant()[..1], verified.ToUpperInvariant());
        Assert.Contains("id=\"receipt-authentic\"", verified);
        Assert.Contains("15,25 AZN", verified);
        Assert.DoesNotContain("1002003004", verified);
        Assert.DoesNotContain("Məmmədova", verified);
    }

    [Fact]
    public async Task Verification_WithoutTheRightToken_IsNotFound_SoReceiptsCannotBeEnumerated()
    {
        using var client = await CitizenWithAccountsAsync(App, ("AZERIQAZ", "1002003004", [(2026, 10, 15.25m)]));
        await PayAsync(client, SandboxAcquirer.ApprovedCard, (await AccountIdAsync(App, "1002003004"), [("2026-10", "15.25")], null));
        var number = await App.WithDbAsync(db => db.Payments.Select(p => p.ReceiptNumber!).SingleAsync());
        using var stranger = App.CreateFormClient();

        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync($"/cixaris/yoxla/{number}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync($"/cixaris/yoxla/{number}?t=00000000000000000000")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync("/cixaris/yoxla/not-a-number?t=x")).StatusCode);
    }

    [Fact]
    public async Task AnotherSubscribersReceipt_IsNotFound()
    {
        using var owner = await CitizenWithAccountsAsync(App, ("AZERIQAZ", "1002003004", [(2026, 10, 15.25m)]));
        await PayAsync(owner, SandboxAcquirer.ApprovedCard, (await AccountIdAsync(App, "1002003004"), [("2026-10", "15.25")], null));
        var number = await App.WithDbAsync(db => db.Payments.Select(p => p.ReceiptNumber!).SingleAsync());
        using var other = await CitizenWithAccountsAsync(App, ("AZERSU", "20030040", [(2026, 10, 3m)]));

        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/kabinet/odenisler/{number}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await other.GetAsync($"/kabinet/odenisler/{number}.pdf")).StatusCode);
        Assert.DoesNotContain(number, await other.GetPageAsync("/kabinet/odenisler"));
    }

    [Fact]
    public async Task History_ListsPayments_AndFiltersByBillerAccountAndDate()
    {
        using var client = await CitizenWithAccountsAsync(App, ("AZERIQAZ", "1002003004", [(2026, 10, 10m)]), ("AZERSU", "20030040", [(2026, 10, 5m)]));
        await PayAsync(client, SandboxAcquirer.ApprovedCard, (await AccountIdAsync(App, "1002003004"), [("2026-10", "10")], null));
        await PayAsync(client, SandboxAcquirer.ApprovedCard, (await AccountIdAsync(App, "20030040"), [("2026-10", "5")], null));
        var today = DateTime.UtcNow.AddHours(4).ToString("yyyy-MM-dd");

        var all = await client.GetPageAsync("/kabinet/odenisler");
        var gasOnly = await client.GetPageAsync("/kabinet/odenisler?Biller=AZERIQAZ");
        var byAccount = await client.GetPageAsync("/kabinet/odenisler?Account=20030040");
        var today1 = await client.GetPageAsync($"/kabinet/odenisler?From={today}&To={today}");
        var longAgo = await client.GetPageAsync("/kabinet/odenisler?From=2020-01-01&To=2020-01-31");
        var nonsense = await client.GetAsync("/kabinet/odenisler?From=yesterday&Biller=%3Cscript%3E");

        Assert.Equal(2, Rows(all));
        Assert.Equal(1, Rows(gasOnly));
        Assert.Contains("1002003004", gasOnly);
        Assert.Equal(1, Rows(byAccount));
        Assert.Equal(2, Rows(today1));
        Assert.Contains("id=\"history-empty\"", longAgo);
        Assert.True(nonsense.StatusCode is HttpStatusCode.OK or HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task LedgerEntries_CannotBeChangedOrDeleted()
    {
        using var client = await CitizenWithAccountsAsync(App, ("AZERIQAZ", "1002003004", [(2026, 10, 15.25m)]));
        await PayAsync(client, SandboxAcquirer.ApprovedCard, (await AccountIdAsync(App, "1002003004"), [("2026-10", "15.25")], null));

        var update = await Assert.ThrowsAnyAsync<Exception>(() => App.WithDbAsync(db => db.Database.ExecuteSqlRawAsync("UPDATE ledger_entries SET debit = debit + 1 WHERE debit > 0")));
        var delete = await Assert.ThrowsAnyAsync<Exception>(() => App.WithDbAsync(db => db.Database.ExecuteSqlRawAsync("DELETE FROM ledger_entries")));

        Assert.Contains("immutable", update.Message);
        Assert.Contains("immutable", delete.Message);
    }

    private static int Rows(string html) => Regex.Matches(html, "href=\"/kabinet/odenisler/\\d{12}\"").Count;

    [GeneratedRegex("data-url=\"([^\"]+)\"")]
    private static partial Regex VerifyLink();
}
