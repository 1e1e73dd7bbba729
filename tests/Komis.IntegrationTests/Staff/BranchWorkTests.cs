using System.Net;
using Komis.Domain.Payments;
using Komis.Domain.Staff;
using Komis.IntegrationTests.Citizens;
using Komis.IntegrationTests.Infrastructure;
using Komis.Web.Data.Outbox;
using Komis.Web.Features.Staff;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
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

    [Fact]
    public async Task APaymentPostedWhileTheDayIsClosing_WaitsForTheClose_AndIsRefused()
    {
        var (branch, client, fields) = await CashFormAsync("KB-307", "kassir37", "1002003037");
        using var teller = client;

        // A close in progress: it holds the branch's day alone and has written the closed day, not yet committed.
        await using var close = await DayHolder.TakeAsync(App, branch, alone: true);
        await close.ExecuteAsync($"INSERT INTO branch_days VALUES ('{branch}', '{Komis.Web.ViewModels.Display.Today(TimeProvider.System):yyyy-MM-dd}', gen_random_uuid(), now(), 0, 0, 0, 0)");
        var payment = teller.Http.PostAsync("/staff/kassa/odenis", new FormUrlEncodedContent(fields));
        await WaitForALockWaiterAsync();
        Assert.False(payment.IsCompleted);
        await close.Transaction.CommitAsync();
        var refused = await payment;

        Assert.Equal((HttpStatusCode)422, refused.StatusCode);
        Assert.Contains("bu günü bağlanıb", await refused.Content.ReadAsStringAsync());
        Assert.Equal(0, await App.WithDbAsync(db => db.Payments.CountAsync()));
        Assert.Equal(0, await App.WithDbAsync(db => db.AuditRecords.CountAsync(r => r.Action == "payment.cash")));
    }

    [Theory]
    [InlineData("branch", "KB-310", "kassir310", "1002003310")]
    [InlineData("agent", "KB-311", "kassir311", "1002003311")]
    public async Task ABranchOrAgentTakenOutOfService_RefusesCash_AndSaysWhy_EvenToASessionNotYetRechecked(string inactive, string branchCode, string userName, string account)
    {
        // Taking a branch or agent out of service ends its staff's sessions (see HeadOfficeTests); a session that is only
        // rechecked after a while (here ten minutes) still meets the payment's own check, made in its transaction.
        await using var node = App.WithWebHostBuilder(b => b.UseSetting("Komis:Sessions:RevalidateEvery", "00:10:00"));
        var (branch, client, fields) = await CashFormAsync(branchCode, userName, account, new FormClient(node.CreateClient(new WebApplicationFactoryClientOptions
        {
            AllowAutoRedirect = false,
            BaseAddress = new Uri("https://localhost"),
            HandleCookies = true,
        })));
        using var teller = client;
        await App.WithDbAsync(db => inactive == "branch"
            ? db.Branches.Where(b => b.Id == branch).ExecuteUpdateAsync(s => s.SetProperty(b => b.IsActive, false))
            : db.Agents.Where(a => db.Branches.Any(b => b.Id == branch && b.AgentId == a.Id)).ExecuteUpdateAsync(s => s.SetProperty(a => a.IsActive, false)));

        var refused = await teller.Http.PostAsync("/staff/kassa/odenis", new FormUrlEncodedContent(fields));

        Assert.Equal((HttpStatusCode)422, refused.StatusCode);
        Assert.Contains("Filial və ya onun agenti fəaliyyətdə deyil", await refused.Content.ReadAsStringAsync());
        Assert.Equal(0, await App.WithDbAsync(db => db.Payments.CountAsync()));
        Assert.Equal(0, await App.WithDbAsync(db => db.AuditRecords.CountAsync(r => r.Action == "payment.cash")));
    }

    [Fact]
    public async Task TheDayClose_WaitsForAPaymentInProgress_AndCountsIt()
    {
        var (agent, branch) = await BranchAsync(App, "KB-308");
        await StaffAsync(App, "rehber38", StaffRole.Supervisor, agent, branch);
        using var supervisor = App.CreateFormClient();
        await SignInAsync(supervisor, "rehber38");
        await supervisor.GetPageAsync("/staff/nezaret");

        // A payment in progress holds the branch's day open (shared) until it commits.
        await using var payment = await DayHolder.TakeAsync(App, branch, alone: false);
        var close = supervisor.PostFormAsync("/staff/nezaret", "/staff/nezaret/gunu-bagla", []);
        await WaitForALockWaiterAsync();
        Assert.False(close.IsCompleted);
        await payment.Transaction.CommitAsync();
        var closed = await close;

        Assert.Equal(HttpStatusCode.Redirect, closed.StatusCode);
        Assert.Equal(1, await App.WithDbAsync(db => db.BranchDays.CountAsync(d => d.BranchId == branch)));
    }

    [Fact]
    public async Task TheSameFormPostedTwiceAtOnce_PaysOnce_AndBothAnswersShowTheOneReceipt()
    {
        var (branch, client, fields) = await CashFormAsync("KB-309", "kassir39", "1002003039");
        using var teller = client;

        // Both requests wait at the branch's day (held here as a close would), then race each other to the insert.
        await using var close = await DayHolder.TakeAsync(App, branch, alone: true);
        var first = teller.Http.PostAsync("/staff/kassa/odenis", new FormUrlEncodedContent(fields));
        var second = teller.Http.PostAsync("/staff/kassa/odenis", new FormUrlEncodedContent(fields));
        await WaitForALockWaiterAsync(waiters: 2);
        await close.Transaction.RollbackAsync();
        var answers = await Task.WhenAll(first, second);

        Assert.All(answers, a => Assert.Equal(HttpStatusCode.Redirect, a.StatusCode));
        Assert.Single(answers.Select(a => a.LocationPath()).Distinct());
        Assert.Equal(1, await App.WithDbAsync(db => db.Payments.CountAsync()));
        Assert.Equal(1, await App.WithDbAsync(db => db.AuditRecords.CountAsync(r => r.Action == "payment.cash")));
        Assert.Equal(1, await App.WithDbAsync(db => db.OutboxMessages.CountAsync()));
    }

    /// <summary>A signed-in teller of a new branch, and the cash form of a new AZERIQAZ account owing 12 AZN, filled in.</summary>
    private async Task<(Guid Branch, FormClient Teller, List<KeyValuePair<string, string>> Fields)> CashFormAsync(string branchCode, string userName, string account, FormClient? client = null)
    {
        var (agent, branch) = await BranchAsync(App, branchCode);
        await StaffAsync(App, userName, StaffRole.Teller, agent, branch);
        var teller = client ?? App.CreateFormClient();
        await SignInAsync(teller, userName);
        await CitizenWorld.NewAccountAsync(App, "AZERIQAZ", account, null, (2026, 10, 12m));
        var fields = Payments.PaymentWorld.ConfirmFieldsOf(await teller.GetPageAsync($"/staff/kassa/hesab?biller=AZERIQAZ&number={account}"), "/staff/kassa/odenis");
        fields.Add(new("cashReceived", "12"));
        return (branch, teller, fields);
    }

    /// <summary>A branch's day lock held from a connection of its own, as a close (alone) or a payment (shared) in progress holds it.</summary>
    private sealed class DayHolder : IAsyncDisposable
    {
        private readonly Npgsql.NpgsqlConnection _connection;

        private DayHolder(Npgsql.NpgsqlConnection connection, Npgsql.NpgsqlTransaction transaction)
        {
            _connection = connection;
            Transaction = transaction;
        }

        public Npgsql.NpgsqlTransaction Transaction { get; }

        public static async Task<DayHolder> TakeAsync(KomisAppFactory app, Guid branch, bool alone)
        {
            var connection = new Npgsql.NpgsqlConnection(app.ConnectionString);
            await connection.OpenAsync();
            var holder = new DayHolder(connection, await connection.BeginTransactionAsync());
            await holder.ExecuteAsync($"SELECT pg_advisory_xact_lock{(alone ? "" : "_shared")}({BranchDayService.DayLockSpace}, {BranchDayService.DayLockKey(branch)})");
            return holder;
        }

        public async Task ExecuteAsync(string sql)
        {
            await using var command = new Npgsql.NpgsqlCommand(sql, _connection, Transaction);
            await command.ExecuteNonQueryAsync();
        }

        public async ValueTask DisposeAsync()
        {
            await Transaction.DisposeAsync();
            await _connection.DisposeAsync();
        }
    }

    /// <summary>Until <paramref name="waiters"/> sessions wait for a branch-day lock (the requests under test have reached it).</summary>
    private async Task WaitForALockWaiterAsync(int waiters = 1)
    {
        await using var connection = new Npgsql.NpgsqlConnection(App.ConnectionString);
        await connection.OpenAsync();
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (true)
        {
            await using var command = new Npgsql.NpgsqlCommand($"SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND classid = {BranchDayService.DayLockSpace} AND NOT granted", connection);
            if ((long)(await command.ExecuteScalarAsync())! >= waiters)
            {
                return;
            }

            Assert.True(DateTime.UtcNow < deadline, "no request waited for the branch's day");
            await Task.Delay(50);
        }
    }

    [Fact]
    public async Task TellersDesk_ListsTheirOwnPaymentsOfToday_NewestFirst_WithTheirReceipts_NotAColleagues()
    {
        var (agent, branch) = await BranchAsync(App, "KB-801");
        await StaffAsync(App, "kassir801", StaffRole.Teller, agent, branch);
        await StaffAsync(App, "kassir802", StaffRole.Teller, agent, branch);
        using var teller = App.CreateFormClient();
        await SignInAsync(teller, "kassir801");
        using var colleague = App.CreateFormClient();
        await SignInAsync(colleague, "kassir802");
        Assert.Contains("Bu gün hələ ödəniş qəbul etməmisiniz.", await teller.GetPageAsync("/staff/kassa"));

        var first = await CashAsync(teller, "1002008011", 7.50m);
        var second = await CashAsync(teller, "1002008012", 8.25m);
        var colleagues = await CashAsync(colleague, "1002008013", 9.00m);
        var desk = await teller.GetPageAsync("/staff/kassa");

        Assert.Contains($"href=\"/staff/kassa/cixaris/{first}\"", desk);
        Assert.Contains($"href=\"/staff/kassa/cixaris/{second}\"", desk);
        Assert.True(desk.IndexOf(second, StringComparison.Ordinal) < desk.IndexOf(first, StringComparison.Ordinal), "newest first");
        Assert.Contains("8,25 AZN", desk);
        Assert.Contains("1002008012", desk);
        Assert.DoesNotContain(colleagues, desk);
        Assert.DoesNotContain("1002008013", desk);
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
