using System.Net;
using Komis.Domain.Payments;
using Komis.Domain.Staff;
using Komis.IntegrationTests.Citizens;
using Komis.IntegrationTests.Infrastructure;
using Komis.Web.Data.Outbox;
using Microsoft.EntityFrameworkCore;
using static Komis.IntegrationTests.Staff.StaffWorld;

namespace Komis.IntegrationTests.Staff;

public sealed class BranchWorkTests(KomisAppFactory app) : IntegrationTest(app)
{
    [Fact]
    public async Task Teller_RegistersAWalkInCitizen_WithTheSameServices_AndPrintsTheSheet()
    {
        using var teller = await TellerAsync("KB-301", "kassir31");
        var person = CitizenWorld.NewPerson(App);
        await CitizenWorld.NewAccountAsync(App, "AZERSU", "20030040", null, (2026, 10, 7m));

        var identity = await teller.PostFormAsync("/staff/qeydiyyat", "/staff/qeydiyyat", [new("Series", person.CardSeries), new("Number", person.CardNumber), new("Fin", person.Fin)]);
        Assert.Equal("/staff/qeydiyyat/hesablar", identity.LocationPath());
        var found = await teller.PostFormAsync("/staff/qeydiyyat/hesablar", "/staff/qeydiyyat/hesablar/tap", [new("Biller", "AZERSU"), new("AccountNumber", "20030040")]);
        Assert.Contains("id=\"found-account\"", await found.Content.ReadAsStringAsync());
        await teller.PostFormAsync("/staff/qeydiyyat/hesablar", "/staff/qeydiyyat/hesablar/elave", [new("Biller", "AZERSU"), new("AccountNumber", "20030040")]);
        var done = await teller.PostFormAsync("/staff/qeydiyyat/hesablar", "/staff/qeydiyyat/tamamla", []);
        var sheet = await teller.GetPageAsync(done.LocationPath()!);
        var code = CitizenWorld.CodeOf(sheet);
        var password = CitizenWorld.PasswordOf(sheet);
        var pdf = await teller.Http.GetByteArrayAsync("/staff/qeydiyyat/vereqe.pdf");

        Assert.Contains(code[..3] + " " + code[3..6], PdfText.Extract(pdf));
        var subscriber = await App.WithDbAsync(db => db.Subscribers.SingleAsync(s => s.Code == code));
        Assert.Equal(Komis.Domain.Subscribers.RegistrationChannel.Branch, subscriber.Channel);
        using var citizen = App.CreateFormClient();
        Assert.Equal("/kabinet/sifre", (await CitizenWorld.LoginAsync(citizen, code, password)).LocationPath());
    }

    [Fact]
    public async Task Teller_ReissuesTheInitialPassword_AfterTheIdCardCheck_TheOldOneStopsWorking()
    {
        var person = CitizenWorld.NewPerson(App);
        await CitizenWorld.NewAccountAsync(App, "AZERIQAZ", "1002003004", null, (2026, 10, 5m));
        using var citizen = App.CreateFormClient();
        var (code, initial) = await CitizenWorld.RegisterAsync(citizen, person, ("AZERIQAZ", "1002003004"));
        await CitizenWorld.LoginAsync(citizen, code, initial);
        await CitizenWorld.ChangePasswordAsync(citizen, initial, "köhnə yaxşı şifrə");
        using var teller = await TellerAsync("KB-302", "kassir32");

        var wrongCard = await teller.PostFormAsync($"/staff/kassa/abonent/{code}/sifre", $"/staff/kassa/abonent/{code}/sifre",
            [new("Series", person.CardSeries), new("Number", person.CardNumber), new("Fin", "ZZZ9999")]);
        var reissued = await teller.PostFormAsync($"/staff/kassa/abonent/{code}/sifre", $"/staff/kassa/abonent/{code}/sifre",
            [new("Series", person.CardSeries), new("Number", person.CardNumber), new("Fin", person.Fin)]);

        Assert.Equal((HttpStatusCode)422, wrongCard.StatusCode);
        var sheet = await teller.GetPageAsync(reissued.LocationPath()!);
        var fresh = CitizenWorld.PasswordOf(sheet);
        Assert.Equal(code, CitizenWorld.CodeOf(sheet));
        Assert.StartsWith("/odenis-xidmetleri/giris", (await citizen.GetAsync("/kabinet")).LocationPath()); // the old session ended
        using var again = App.CreateFormClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await CitizenWorld.LoginAsync(again, code, "köhnə yaxşı şifrə")).StatusCode);
        Assert.Equal("/kabinet/sifre", (await CitizenWorld.LoginAsync(again, code, fresh)).LocationPath()); // forced change again
        Assert.Equal(1, await App.WithDbAsync(db => db.AuditRecords.CountAsync(r => r.Action == "subscriber.password-reissued")));
    }

    [Fact]
    public async Task Supervisor_ReversesASameDayPayment_WithReversingEntries_AndTellsTheBiller()
    {
        var (agent, branch) = await BranchAsync(App, "KB-303");
        await StaffAsync(App, "kassir33", StaffRole.Teller, agent, branch);
        await StaffAsync(App, "rehber33", StaffRole.Supervisor, agent, branch);
        using var teller = App.CreateFormClient();
        await SignInAsync(teller, "kassir33");
        var receipt = await CashAsync(teller, "1002003004", 15.25m);
        using var supervisor = App.CreateFormClient();
        await SignInAsync(supervisor, "rehber33");
        var paymentId = await App.WithDbAsync(db => db.Payments.Select(p => p.Id).SingleAsync());

        var noReason = await supervisor.PostFormAsync("/staff/nezaret", $"/staff/nezaret/legv/{paymentId}", [new("reason", "")]);
        var reversed = await supervisor.PostFormAsync("/staff/nezaret", $"/staff/nezaret/legv/{paymentId}", [new("reason", "Səhv hesaba ödənilib")]);

        Assert.Equal((HttpStatusCode)422, noReason.StatusCode);
        Assert.Equal("/staff/nezaret", reversed.LocationPath());
        Assert.Equal(PaymentStatus.Reversed, await App.WithDbAsync(db => db.Payments.Select(p => p.Status).SingleAsync()));
        var cash = await App.WithDbAsync(db => db.LedgerEntries.Where(e => e.Account == LedgerAccounts.BranchCash(branch)).SumAsync(e => e.Debit - e.Credit));
        Assert.Equal(0m, cash);
        Assert.Equal(2, await App.WithDbAsync(db => db.LedgerEntries.Select(e => e.JournalId).Distinct().CountAsync()));
        Assert.Equal(1, await App.WithDbAsync(db => db.OutboxMessages.CountAsync(m => m.Kind == OutboxKind.PaymentReversed)));
        Assert.Contains("Ləğv edilib", await teller.GetPageAsync($"/staff/kassa/cixaris/{receipt}"));
        Assert.Equal(1, await App.WithDbAsync(db => db.AuditRecords.CountAsync(r => r.Action == "payment.reversal")));
    }

    [Fact]
    public async Task Supervisor_CannotReverseAnotherBranchsPayment()
    {
        using var teller = await TellerAsync("KB-304", "kassir34");
        await CashAsync(teller, "1002003004", 10m);
        var (agent, branch) = await BranchAsync(App, "KB-305");
        await StaffAsync(App, "rehber35", StaffRole.Supervisor, agent, branch);
        using var supervisor = App.CreateFormClient();
        await SignInAsync(supervisor, "rehber35");
        var paymentId = await App.WithDbAsync(db => db.Payments.Select(p => p.Id).SingleAsync());

        var response = await supervisor.PostFormAsync("/staff/nezaret", $"/staff/nezaret/legv/{paymentId}", [new("reason", "başqa filialın ödənişi")]);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal(PaymentStatus.Paid, await App.WithDbAsync(db => db.Payments.Select(p => p.Status).SingleAsync()));
    }

    [Fact]
    public async Task DayClosing_CountsEachTellersCashAgainstTheLedger_AndStopsFurtherPayments()
    {
        var (agent, branch) = await BranchAsync(App, "KB-306");
        await StaffAsync(App, "kassir36", StaffRole.Teller, agent, branch);
        await StaffAsync(App, "rehber36", StaffRole.Supervisor, agent, branch);
        using var teller = App.CreateFormClient();
        await SignInAsync(teller, "kassir36");
        await CashAsync(teller, "1002003004", 15.25m);
        await CitizenWorld.NewAccountAsync(App, "AZERSU", "20030041", null, (2026, 10, 4.75m));
        var form = await teller.GetPageAsync("/staff/kassa/hesab?biller=AZERSU&number=20030041");
        using var supervisor = App.CreateFormClient();
        await SignInAsync(supervisor, "rehber36");

        var close = await supervisor.PostFormAsync("/staff/nezaret", "/staff/nezaret/gunu-bagla", []);
        var report = await supervisor.GetPageAsync(close.LocationPath()!);
        var fields = Payments.PaymentWorld.ConfirmFieldsOf(form, "/staff/kassa/odenis");
        fields.Add(new("cashReceived", "5"));
        var after = await teller.Http.PostAsync("/staff/kassa/odenis", new FormUrlEncodedContent(fields));

        Assert.Contains("id=\"day-report\"", report);
        Assert.Contains("Test kassir36", report);
        Assert.Contains("id=\"day-ledger\">15,25 AZN", report);
        Assert.Contains("Kassalar mühasibat kitabı ilə üst-üstə düşür.", report);
        Assert.Equal((HttpStatusCode)422, after.StatusCode);
        Assert.Contains("bu günü bağlanıb", await after.Content.ReadAsStringAsync());
        Assert.Equal(1, await App.WithDbAsync(db => db.Payments.CountAsync()));
        var again = await supervisor.PostFormAsync("/staff/nezaret", "/staff/nezaret/gunu-bagla", []);
        Assert.Equal((HttpStatusCode)422, again.StatusCode);
    }

    private async Task<FormClient> TellerAsync(string branchCode, string userName)
    {
        var (agent, branch) = await BranchAsync(App, branchCode);
        await StaffAsync(App, userName, StaffRole.Teller, agent, branch);
        var client = App.CreateFormClient();
        await SignInAsync(client, userName);
        return client;
    }

    /// <summary>Takes cash for the whole debt of a new AZERIQAZ account; returns the receipt number.</summary>
    private async Task<string> CashAsync(FormClient teller, string account, decimal amount)
    {
        await CitizenWorld.NewAccountAsync(App, "AZERIQAZ", account, null, (2026, 10, amount));
        var form = await teller.GetPageAsync($"/staff/kassa/hesab?biller=AZERIQAZ&number={account}");
        var fields = Payments.PaymentWorld.ConfirmFieldsOf(form, "/staff/kassa/odenis");
        fields.Add(new("cashReceived", "100"));
        var paid = await teller.Http.PostAsync("/staff/kassa/odenis", new FormUrlEncodedContent(fields));
        Assert.Equal(HttpStatusCode.Redirect, paid.StatusCode);
        return paid.LocationPath()!.Split('/')[^1];
    }
}
