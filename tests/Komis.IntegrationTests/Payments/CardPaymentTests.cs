using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Komis.Domain.Payments;
using Komis.IntegrationTests.Infrastructure;
using Komis.Web.Api.Contracts;
using Komis.Web.Features.Payments;
using Komis.Web.Integrations.Acquirer;
using Komis.Web.Integrations.Sandbox;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static Komis.IntegrationTests.Payments.PaymentWorld;

namespace Komis.IntegrationTests.Payments;

public sealed class CardPaymentTests(KomisAppFactory app) : IntegrationTest(app)
{
    [Fact]
    public async Task Pay_TwoChargesByCard_IsPaid_WithOneReceiptPerAccount_BooksAndBalancesShowIt()
    {
        using var client = await CitizenWithAccountsAsync(App,
            ("AZERIQAZ", "1002003004", [(2026, 9, 20.10m), (2026, 10, 15.25m)]),
            ("AZERSU", "20030040", [(2026, 10, 7.40m)]));
        var gas = await AccountIdAsync(App, "1002003004");
        var water = await AccountIdAsync(App, "20030040");

        var review = await ReviewAsync(client, (gas, [("2026-09", "20,10"), ("2026-10", "15.25")], null), (water, [("2026-10", "7.40")], null));
        var confirmHtml = await review.Content.ReadAsStringAsync();
        Assert.Contains("42,75 AZN", confirmHtml); // the total shown before any money moves
        Assert.Equal(0, await App.WithDbAsync(db => db.PaymentOrders.CountAsync()));
        var confirm = await ConfirmAsync(client, ConfirmFields(confirmHtml));
        var page = confirm.LocationPath()!;
        Assert.Contains("SANDBOX ACQUIRER", await client.GetPageAsync(page));
        var back = await PayOnAcquirerAsync(client, page, SandboxAcquirer.ApprovedCard);
        var result = await client.GetPageAsync(back.LocationPath()!);

        Assert.Contains("data-status=\"Paid\"", result);
        var receipts = Regex.Matches(result, "/kabinet/odenisler/(\\d{12})\"").Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(2, receipts.Count);
        Assert.All(receipts, r => Assert.True(ReceiptNumber.IsValid(r)));
        var cabinet = await client.GetPageAsync("/kabinet");
        Assert.Contains("id=\"total-owed\">0,00 AZN", cabinet);
        var messages = await App.WithDbAsync(db => db.OutboxMessages.CountAsync());
        Assert.Equal(2, messages);
        var entries = await App.WithDbAsync(db => db.LedgerEntries.OrderBy(e => e.Id).ToListAsync());
        Assert.Equal(42.75m, entries.Sum(e => e.Debit));
        Assert.Equal(42.75m, entries.Where(e => e.Account == LedgerAccounts.AcquirerClearing).Sum(e => e.Debit));
        Assert.Equal(35.35m, entries.Where(e => e.Account == LedgerAccounts.BillerPayable("AZERIQAZ")).Sum(e => e.Credit));
    }

    [Fact]
    public async Task Pay_DeclinedCard_IsDeclined_NothingBooked_DebtStays()
    {
        using var client = await CitizenWithAccountsAsync(App, ("AZERIQAZ", "1002003004", [(2026, 10, 15.25m)]));
        var gas = await AccountIdAsync(App, "1002003004");

        var orderId = await PayAsync(client, SandboxAcquirer.DeclinedCard, (gas, [("2026-10", "15.25")], null));

        var result = await client.GetPageAsync($"/kabinet/odenis/{orderId:N}");
        Assert.Contains("data-status=\"Declined\"", result);
        Assert.Equal(0, await App.WithDbAsync(db => db.LedgerEntries.CountAsync()));
        Assert.Equal(0, await App.WithDbAsync(db => db.OutboxMessages.CountAsync()));
        Assert.Contains("id=\"total-owed\">15,25 AZN", await client.GetPageAsync("/kabinet"));
    }

    [Fact]
    public async Task Pay_NeverCompleted_ExpiresAfter15Minutes_AfterAskingTheAcquirer()
    {
        using var client = await CitizenWithAccountsAsync(App, ("AZERIQAZ", "1002003004", [(2026, 10, 15.25m)]));
        var gas = await AccountIdAsync(App, "1002003004");
        var orderId = await PayAsync(client, SandboxAcquirer.SilentCard, (gas, [("2026-10", "15.25")], null));
        Assert.Contains("data-status=\"Pending\"", await client.GetPageAsync($"/kabinet/odenis/{orderId:N}"));
        var expiry = App.Services.GetRequiredService<PaymentExpiry>();

        Assert.Equal(0, await expiry.RunOnceAsync(CancellationToken.None)); // not yet 15 minutes
        await App.WithDbAsync(db => db.Database.ExecuteSqlRawAsync("UPDATE payment_orders SET expires_at = now() - interval '1 second'"));
        Assert.Equal(1, await expiry.RunOnceAsync(CancellationToken.None));

        Assert.Contains("data-status=\"Expired\"", await client.GetPageAsync($"/kabinet/odenis/{orderId:N}"));
        Assert.Equal("cancelled", App.Services.GetRequiredService<SandboxAcquirer>().Find(orderId)!.Status);
        Assert.Equal(0, await App.WithDbAsync(db => db.LedgerEntries.CountAsync()));
    }

    [Fact]
    public async Task AnApprovalForAnExpiredOrder_IsNotBooked_AndIsPutInTheAuditLogForARefund()
    {
        using var client = await CitizenWithAccountsAsync(App, ("AZERIQAZ", "1002003004", [(2026, 10, 15.25m)]));
        var gas = await AccountIdAsync(App, "1002003004");
        var orderId = await PayAsync(client, SandboxAcquirer.SilentCard, (gas, [("2026-10", "15.25")], null));
        await App.WithDbAsync(db => db.Database.ExecuteSqlRawAsync("UPDATE payment_orders SET expires_at = now() - interval '1 second'"));
        await App.Services.GetRequiredService<PaymentExpiry>().RunOnceAsync(CancellationToken.None);
        using var http = App.CreateClient();

        var late = await http.PostAsJsonAsync("/odenis/acquirer/callback", SignedCallback(orderId, "15.25", "approved", "REF-LATE"));

        Assert.Equal(HttpStatusCode.Conflict, late.StatusCode);
        Assert.Contains("data-status=\"Expired\"", await client.GetPageAsync($"/kabinet/odenis/{orderId:N}"));
        Assert.Equal(0, await App.WithDbAsync(db => db.LedgerEntries.CountAsync()));
        var record = await App.WithDbAsync(db => db.AuditRecords.SingleAsync(r => r.Action == "payment.approval-on-closed-order"));
        Assert.Equal($"order {orderId:N}, 15.25 AZN, acquirer reference REF-LATE: not booked; to be refunded by the acquirer", record.Details);

        // The operators' dashboard says so, with the day's link into the audit log.
        await Staff.StaffWorld.StaffAsync(App, "operator-refunds", Komis.Domain.Staff.StaffRole.Operator);
        using var op = App.CreateFormClient();
        await Staff.StaffWorld.SignInAsync(op, "operator-refunds");
        var dashboard = await op.GetPageAsync("/staff/operator/panel");
        Assert.Contains("id=\"refunds-due\"", dashboard);
        Assert.Contains("bağlanmış sifarişlərə kartla ödəniş təsdiqi gəlib: 1.", dashboard);
        Assert.Contains($"/staff/audit?day={Komis.Web.ViewModels.Display.BakuDate(record.At):yyyy-MM-dd}&amp;action=payment.approval", dashboard);
    }

    [Fact]
    public async Task Expiry_FindsALostApproval_AndBooksItAsPaid()
    {
        using var client = await CitizenWithAccountsAsync(App, ("AZERIQAZ", "1002003004", [(2026, 10, 15.25m)]));
        var gas = await AccountIdAsync(App, "1002003004");
        var orderId = await PayAsync(client, SandboxAcquirer.SilentCard, (gas, [("2026-10", "15.25")], null));
        App.Services.GetRequiredService<SandboxAcquirer>().Find(orderId)!.Status = "approved"; // charged, but the callback was lost
        await App.WithDbAsync(db => db.Database.ExecuteSqlRawAsync("UPDATE payment_orders SET expires_at = now() - interval '1 second'"));

        await App.Services.GetRequiredService<PaymentExpiry>().RunOnceAsync(CancellationToken.None);

        Assert.Contains("data-status=\"Paid\"", await client.GetPageAsync($"/kabinet/odenis/{orderId:N}"));
    }

    [Fact]
    public async Task Callback_Replayed10Times_MakesOnePayment()
    {
        using var client = await CitizenWithAccountsAsync(App, ("AZERIQAZ", "1002003004", [(2026, 10, 15.25m)]));
        var gas = await AccountIdAsync(App, "1002003004");
        var orderId = await PayAsync(client, SandboxAcquirer.ApprovedCard, (gas, [("2026-10", "15.25")], null));
        var callback = SignedCallback(orderId, "15.25", "approved", "REF1");

        var answers = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => App.CreateClient().PostAsJsonAsync("/odenis/acquirer/callback", callback)));

        Assert.All(answers, a => Assert.Equal(HttpStatusCode.OK, a.StatusCode));
        Assert.Equal(1, await App.WithDbAsync(db => db.Payments.CountAsync(p => p.Status == PaymentStatus.Paid)));
        Assert.Equal(1, await App.WithDbAsync(db => db.LedgerEntries.Select(e => e.JournalId).Distinct().CountAsync()));
        Assert.Equal(1, await App.WithDbAsync(db => db.OutboxMessages.CountAsync()));
    }

    [Fact]
    public async Task Callback_Forged_ChangedAmount_OrUnknownOrder_IsRefused_AndChangesNothing()
    {
        using var client = await CitizenWithAccountsAsync(App, ("AZERIQAZ", "1002003004", [(2026, 10, 15.25m)]));
        var gas = await AccountIdAsync(App, "1002003004");
        var review = await ReviewAsync(client, (gas, [("2026-10", "15.25")], null));
        var page = (await ConfirmAsync(client, ConfirmFields(await review.Content.ReadAsStringAsync()))).LocationPath()!;
        var orderId = Guid.Parse(page["/sandbox/acquirer/pay/".Length..]);
        using var http = App.CreateClient();

        var forged = SignedCallback(orderId, "15.25", "approved", "X") with { Signature = new string('0', 64) };
        var wrongSecret = new AcquirerCallback(orderId, "15.25", "AZN", "approved", "X", AcquirerSignature.ForCallback("not-the-secret", orderId, "15.25", "AZN", "approved", "X"));
        var changedAmount = SignedCallback(orderId, "1.00", "approved", "X");
        var unknown = SignedCallback(Guid.NewGuid(), "15.25", "approved", "X");
        var longReference = SignedCallback(orderId, "15.25", "approved", new string('R', 65)); // more than an order keeps

        Assert.Equal(HttpStatusCode.Unauthorized, (await http.PostAsJsonAsync("/odenis/acquirer/callback", forged)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await http.PostAsJsonAsync("/odenis/acquirer/callback", wrongSecret)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await http.PostAsJsonAsync("/odenis/acquirer/callback", changedAmount)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await http.PostAsJsonAsync("/odenis/acquirer/callback", unknown)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await http.PostAsJsonAsync("/odenis/acquirer/callback", longReference)).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await http.PostAsync("/odenis/acquirer/callback", new StringContent("{bad json", System.Text.Encoding.UTF8, "application/json"))).StatusCode);
        Assert.Equal(PaymentStatus.Pending, await App.WithDbAsync(db => db.PaymentOrders.Select(o => o.Status).SingleAsync()));
    }

    [Fact]
    public async Task Confirm_20ConcurrentSubmissionsWithOneKey_MakeOneOrder()
    {
        using var client = await CitizenWithAccountsAsync(App, ("AZERIQAZ", "1002003004", [(2026, 10, 15.25m)]));
        var gas = await AccountIdAsync(App, "1002003004");
        var review = await ReviewAsync(client, (gas, [("2026-10", "15.25")], null));
        var fields = ConfirmFields(await review.Content.ReadAsStringAsync());

        var answers = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => ConfirmAsync(client, fields)));

        Assert.All(answers, a => Assert.StartsWith("/sandbox/acquirer/pay/", a.LocationPath()));
        Assert.Single(answers.Select(a => a.LocationPath()).Distinct());
        Assert.Equal(1, await App.WithDbAsync(db => db.PaymentOrders.CountAsync()));
        Assert.Equal(1, await App.WithDbAsync(db => db.Payments.CountAsync()));
    }

    [Fact]
    public async Task Confirm_ResubmittedAfterPaying_LeadsToTheSameOrder_AndPaysNothingMore()
    {
        using var client = await CitizenWithAccountsAsync(App, ("AZERIQAZ", "1002003004", [(2026, 10, 15.25m)]));
        var gas = await AccountIdAsync(App, "1002003004");
        var review = await ReviewAsync(client, (gas, [("2026-10", "15.25")], null));
        var fields = ConfirmFields(await review.Content.ReadAsStringAsync());
        var page = (await ConfirmAsync(client, fields)).LocationPath()!;
        await PayOnAcquirerAsync(client, page, SandboxAcquirer.ApprovedCard);

        var back = await ConfirmAsync(client, fields); // the browser's back button, then the same form again

        Assert.Equal($"/kabinet/odenis/{page["/sandbox/acquirer/pay/".Length..]}", back.LocationPath());
        Assert.Equal(1, await App.WithDbAsync(db => db.PaymentOrders.CountAsync()));
        Assert.Equal(1, await App.WithDbAsync(db => db.LedgerEntries.Select(e => e.JournalId).Distinct().CountAsync()));
    }

    [Fact]
    public async Task AnAdvance_OnAnAccountWithCharges_LowersWhatTheCabinetShowsOwed()
    {
        using var client = await CitizenWithAccountsAsync(App, ("AZERIQAZ", "1002003004", [(2026, 10, 15.00m)]));
        var gas = await AccountIdAsync(App, "1002003004");

        await PayAsync(client, SandboxAcquirer.ApprovedCard, (gas, [], "4,00"));

        // The advance (a payment with no period) counts against the account: 15.00 - 4.00.
        var cabinet = await client.GetPageAsync("/kabinet");
        Assert.Contains("id=\"total-owed\">11,00 AZN", cabinet);
        Assert.Contains("class=\"account-balance\">11,00 AZN", cabinet);
    }

    [Fact]
    public async Task TheCabinetsOwnRead_AndDebtQuery_AgreeOnEveryFigure()
    {
        // The cabinet reads debts with a statement of its own (CabinetQuery); every figure must be DebtQuery's.
        using var client = await CitizenWithAccountsAsync(App,
            ("AZERIQAZ", "1002003004", [(2026, 9, 20.00m), (2026, 10, 15.00m)]),
            ("AZERSU", "20030040", []),
            ("BAKIELEKTRIK", "BE10203040", [(2026, 10, 7.25m)]));
        var gas = await AccountIdAsync(App, "1002003004");
        var water = await AccountIdAsync(App, "20030040");
        var light = await AccountIdAsync(App, "BE10203040");
        await PayAsync(client, SandboxAcquirer.ApprovedCard, (gas, [("2026-09", "5"), ("2026-10", "15")], "2,50"), (water, [], "10,00"));
        await PayAsync(client, SandboxAcquirer.ApprovedCard, (light, [("2026-10", "7,25")], null));

        // The biller no longer lists September (paid 5.00 since its as-of moment), and one biller's as-of moment
        // moves past the payment it has now counted itself.
        var september = new Komis.Domain.Accounts.BillingPeriod(2026, 9);
        await App.WithDbAsync(db => db.Charges.Where(c => c.BillerAccountId == gas && c.Period == september).ExecuteDeleteAsync());
        await App.WithDbAsync(db => db.Database.ExecuteSqlRawAsync("UPDATE biller_accounts SET as_of = now() WHERE id = {0}", light));

        await using var scope = App.Services.CreateAsyncScope();
        var subscriberId = await App.WithDbAsync(db => db.SubscriberAccounts.Where(l => l.BillerAccountId == gas).Select(l => l.SubscriberId).SingleAsync());
        var cabinet = await scope.ServiceProvider.GetRequiredService<Komis.Web.Features.Cabinet.CabinetQuery>().GetAsync(subscriberId, default);
        var debts = await scope.ServiceProvider.GetRequiredService<Komis.Web.Features.Debts.DebtQuery>()
            .GetManyAsync(cabinet!.Accounts.Select(a => a.Debt.AccountId).ToList(), askOnlineBillers: false);

        Assert.Equal([gas, water, light], cabinet.Accounts.Select(a => a.Debt.AccountId));
        Assert.Equal(debts.Count, cabinet.Accounts.Count);
        foreach (var (shown, expected) in cabinet.Accounts.Select(a => a.Debt).Zip(debts))
        {
            Assert.Equal(
                (expected.Biller.Code, expected.AccountNumber, expected.HolderName, expected.Address, expected.HolderFin, expected.Status, expected.AsOf, expected.PaidSinceAsOf, expected.Balance),
                (shown.Biller.Code, shown.AccountNumber, shown.HolderName, shown.Address, shown.HolderFin, shown.Status, shown.AsOf, shown.PaidSinceAsOf, shown.Balance));
            Assert.Equal(expected.Charges, shown.Charges);
        }

        // And the figures are the ones this story makes: 15.00 owed less 22.50 paid; a 10.00 advance; 7.25 owed again.
        Assert.Equal([-7.50m, -10.00m, 7.25m], cabinet.Accounts.Select(a => a.Debt.Balance));
        Assert.Equal(15.00m, cabinet.Accounts[0].Debt.Charges.Single().PaidSinceAsOf);
    }

    [Fact]
    public async Task PartialAndAdvancePayments_AreReflectedInTheBalances_AtOnce()
    {
        using var client = await CitizenWithAccountsAsync(App,
            ("AZERIQAZ", "1002003004", [(2026, 9, 20.00m), (2026, 10, 15.00m)]),
            ("AZERSU", "20030040", []));
        var gas = await AccountIdAsync(App, "1002003004");
        var water = await AccountIdAsync(App, "20030040");

        await PayAsync(client, SandboxAcquirer.ApprovedCard, (gas, [("2026-09", "5")], null), (water, [], "10,00"));

        using var gasApi = await App.CreateBillerClientAsync("AZERIQAZ");
        var gasAccount = await gasApi.GetFromJsonAsync<AccountResponse>("/api/v1/accounts/1002003004");
        Assert.Equal(30.00m, gasAccount!.Balance);
        Assert.Equal(15.00m, gasAccount.Charges.Single(c => c.Period == "2026-09").Outstanding);
        Assert.Equal(5.00m, gasAccount.Charges.Single(c => c.Period == "2026-09").PaidSinceAsOf);
        using var waterApi = await App.CreateBillerClientAsync("AZERSU");
        var waterAccount = await waterApi.GetFromJsonAsync<AccountResponse>("/api/v1/accounts/20030040");
        Assert.Equal(-10.00m, waterAccount!.Balance); // an advance: a credit on the account
        Assert.Contains("id=\"total-owed\">30,00 AZN", await client.GetPageAsync("/kabinet"));
    }

    [Theory]
    [InlineData("0", "Məbləği rəqəmlə yazın")]
    [InlineData("-5", "Məbləği rəqəmlə yazın")]
    [InlineData("1.005", "Məbləği rəqəmlə yazın")]
    [InlineData("12.50.1", "Məbləği rəqəmlə yazın")]
    [InlineData("99", "avans kimi ödəyin")]
    [InlineData("<script>", "Məbləği rəqəmlə yazın")]
    public async Task Review_WrongAmount_Is422_WithAMessage_AndNothingIsCreated(string amount, string message)
    {
        using var client = await CitizenWithAccountsAsync(App, ("AZERIQAZ", "1002003004", [(2026, 10, 15.25m)]));
        var gas = await AccountIdAsync(App, "1002003004");

        var review = await ReviewAsync(client, (gas, [("2026-10", amount)], null));

        Assert.Equal((HttpStatusCode)422, review.StatusCode);
        var html = await review.Content.ReadAsStringAsync();
        Assert.Contains(message, html);
        Assert.DoesNotContain("<script>", html.Replace("<script src=", "", StringComparison.Ordinal));
        Assert.Equal(0, await App.WithDbAsync(db => db.PaymentOrders.CountAsync()));
    }

    [Fact]
    public async Task Review_AboveTheBillersMaximum_IsRefused()
    {
        using var client = await CitizenWithAccountsAsync(App, ("AZERIQAZ", "1002003004", [(2026, 10, 15.25m)]));
        var gas = await AccountIdAsync(App, "1002003004");

        var review = await ReviewAsync(client, (gas, [], "5000,01"));

        Assert.Equal((HttpStatusCode)422, review.StatusCode);
        Assert.Contains("0,01 AZN ilə 5.000,00 AZN arasında olmalıdır", await review.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Review_AnotherSubscribersAccount_IsRefused()
    {
        using var owner = await CitizenWithAccountsAsync(App, ("AZERIQAZ", "1002003004", [(2026, 10, 15.25m)]));
        using var other = await CitizenWithAccountsAsync(App, ("AZERSU", "20030040", [(2026, 10, 3m)]));
        var foreign = await AccountIdAsync(App, "1002003004");

        var review = await ReviewAsync(other, (foreign, [("2026-10", "15.25")], null));

        Assert.Equal((HttpStatusCode)422, review.StatusCode);
        Assert.Contains("kabinetinizə bağlı deyil", await review.Content.ReadAsStringAsync());
    }

    private AcquirerCallback SignedCallback(Guid orderId, string amount, string result, string reference) =>
        new(orderId, amount, "AZN", result, reference, AcquirerSignature.ForCallback(AcquirerSecret(App), orderId, amount, "AZN", result, reference));
}
