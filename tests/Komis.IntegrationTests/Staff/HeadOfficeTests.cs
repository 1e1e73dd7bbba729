using System.IO.Compression;
using System.Net;
using System.Text;
using System.Text.RegularExpressions;
using Komis.Domain.Billers;
using Komis.Domain.Staff;
using Komis.IntegrationTests.Citizens;
using Komis.IntegrationTests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using static Komis.IntegrationTests.Staff.StaffWorld;

namespace Komis.IntegrationTests.Staff;

public sealed class HeadOfficeTests(KomisAppFactory app) : IntegrationTest(app)
{
    [Fact]
    public async Task AgentAdmin_CreatesStaffInOwnBranches_DisablesAndResetsThem_ButNeverTouchesAnotherAgent()
    {
        var (agent, branch) = await BranchAsync(App, "KB-401");
        var (otherAgent, otherBranch) = await BranchAsync(App, "KB-402");
        await StaffAsync(App, "admin401", StaffRole.AgentAdmin, agent);
        await StaffAsync(App, "kassir401", StaffRole.Teller, agent, branch);
        await StaffAsync(App, "kassir402", StaffRole.Teller, otherAgent, otherBranch);
        using var admin = App.CreateFormClient();
        await SignInAsync(admin, "admin401");
        using var teller = App.CreateFormClient();
        await SignInAsync(teller, "kassir401");

        var created = await admin.PostFormAsync("/staff/agent", "/staff/agent/emekdaslar", [new("userName", "yeni.kassir"), new("fullName", "Yeni Kassir"), new("role", "Teller"), new("branchId", branch.ToString())]);
        var intoOtherBranch = await admin.PostFormAsync("/staff/agent", "/staff/agent/emekdaslar", [new("userName", "ogru"), new("fullName", "X"), new("role", "Teller"), new("branchId", otherBranch.ToString())]);
        var own = await App.WithDbAsync(db => db.Users.Where(u => u.UserName == "kassir401").Select(u => u.Id).SingleAsync());
        var foreign = await App.WithDbAsync(db => db.Users.Where(u => u.UserName == "kassir402").Select(u => u.Id).SingleAsync());
        var disabled = await admin.PostFormAsync("/staff/agent", $"/staff/agent/emekdaslar/{own}/deaktiv", []);
        var foreignDisable = await admin.PostFormAsync("/staff/agent", $"/staff/agent/emekdaslar/{foreign}/deaktiv", []);
        var foreignReset = await admin.PostFormAsync("/staff/agent", $"/staff/agent/emekdaslar/{foreign}/2fa-sifirla", []);

        Assert.Matches("yeni.kassir yaradıldı. İlkin şifrə \\(yalnız indi göstərilir\\): \\S{14}", await created.Content.ReadAsStringAsync());
        Assert.Equal(StaffRole.Teller, await App.WithDbAsync(db => db.StaffMembers.Where(s => s.FullName == "Yeni Kassir").Select(s => s.Role).SingleAsync()));
        Assert.False(await App.WithDbAsync(db => db.Users.AnyAsync(u => u.UserName == "ogru")));
        Assert.Equal("/staff/agent", disabled.LocationPath());
        Assert.Equal(HttpStatusCode.NotFound, foreignDisable.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, foreignReset.StatusCode);
        Assert.True(await App.WithDbAsync(db => db.StaffMembers.Where(s => s.UserId == foreign).Select(s => s.IsActive).SingleAsync()));
        Assert.Equal("/staff/giris", (await teller.GetAsync("/staff/kassa")).LocationPath()); // the disabled teller's session ended
    }

    [Fact]
    public async Task AgentAdmin_TakesABranchOutOfService_ItsTellerIsSignedOutAndRefused_ThenBackIn_ButNeverAnotherAgentsBranch()
    {
        var (agent, branch) = await BranchAsync(App, "KB-410");
        var (_, otherBranch) = await BranchAsync(App, "KB-411");
        await StaffAsync(App, "admin410", StaffRole.AgentAdmin, agent);
        await StaffAsync(App, "kassir410", StaffRole.Teller, agent, branch);
        using var admin = App.CreateFormClient();
        await SignInAsync(admin, "admin410");
        using var teller = App.CreateFormClient();
        var key = await SignInAsync(teller, "kassir410");

        var (page, foreign) = await OutOfServiceAndBackAsync(admin, "/staff/agent", $"/staff/agent/filiallar/{branch}", (teller, "kassir410", key), "1002003410",
            () => admin.PostFormAsync("/staff/agent", $"/staff/agent/filiallar/{otherBranch}/deaktiv", []));

        Assert.Matches("data-branch=\"KB-410\">\\s*<td>KB-410\\s+<span class=\"badge[^\"]*\">deaktiv</span>", page);
        Assert.Equal(HttpStatusCode.NotFound, foreign.StatusCode);
        Assert.True(await App.WithDbAsync(db => db.Branches.Where(b => b.Id == otherBranch).Select(b => b.IsActive).SingleAsync()));
        Assert.Equal(["branch.deaktiv", "branch.aktiv"], await App.WithDbAsync(db => db.AuditRecords
            .Where(r => r.Details == "branch KB-410").OrderBy(r => r.At).Select(r => r.Action).ToListAsync()));
    }

    [Fact]
    public async Task Operator_TakesAnAgentOutOfService_AllItsStaffAreSignedOutAndRefused_ThenBackIn()
    {
        var (agent, branch) = await BranchAsync(App, "KB-412");
        await StaffAsync(App, "operator412", StaffRole.Operator);
        await StaffAsync(App, "kassir412", StaffRole.Teller, agent, branch);
        await StaffAsync(App, "admin412", StaffRole.AgentAdmin, agent);
        using var op = App.CreateFormClient();
        await SignInAsync(op, "operator412");
        using var admin = App.CreateFormClient();
        await SignInAsync(admin, "admin412");
        using var teller = App.CreateFormClient();
        var key = await SignInAsync(teller, "kassir412");

        var (page, unknown) = await OutOfServiceAndBackAsync(op, "/staff/operator", $"/staff/operator/agentler/{agent}", (teller, "kassir412", key), "1002003412",
            () => op.PostFormAsync("/staff/operator", $"/staff/operator/agentler/{Guid.NewGuid()}/deaktiv", []));

        Assert.Matches("data-agent=\"AGKB412\">\\s*<span class=\"badge text-bg-light\">AGKB412[^<]*</span>\\s*<span class=\"badge[^\"]*\">deaktiv</span>", page);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal("/staff/giris", (await admin.Http.GetAsync("/staff/agent")).LocationPath()); // the agent's admin too
        Assert.Equal(["agent.deaktiv", "agent.aktiv"], await App.WithDbAsync(db => db.AuditRecords
            .Where(r => r.Details == "AGKB412").OrderBy(r => r.At).Select(r => r.Action).ToListAsync()));
    }

    [Fact]
    public async Task Operator_ReadsTheAuditLog_ByDayActionAndActor_PageByPage_AndVerifiesTheChainOnlyWhenAsked()
    {
        await StaffAsync(App, "operator420", StaffRole.Operator);
        using var op = App.CreateFormClient();
        await SignInAsync(op, "operator420");
        var now = DateTimeOffset.UtcNow.AddSeconds(-5);
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(now, Komis.Web.ViewModels.Display.Baku).DateTime);
        await App.WithDbAsync(db =>
        {
            for (var i = 0; i < 130; i++)
            {
                db.AuditRecords.Add(new AuditRecord(now.AddMilliseconds(i), "kassir-420", null, null, "10.0.0.1", "payment.cash", $"order {i}"));
            }

            db.AuditRecords.Add(new AuditRecord(now, "system", null, null, null, "payment.approval-on-closed-order", "order x: to be refunded"));
            db.AuditRecords.Add(new AuditRecord(now.AddDays(-1), "dunenki", null, null, null, "staff.login", "the day before"));
            return db.SaveChangesAsync();
        });
        static int Rows(string page) => Regex.Matches(page, "<tr><td>").Count;
        static string? Older(string page) => Regex.Match(page, "href=\"([^\"]+)\" id=\"audit-older\"").Groups[1].Value is { Length: > 0 } href ? WebUtility.HtmlDecode(href) : null;

        var byDefault = await op.GetPageAsync("/staff/audit");
        var approvals = await op.GetPageAsync($"/staff/audit?day={today:yyyy-MM-dd}&action=payment.approval");
        var byActor = await op.GetPageAsync($"/staff/audit?day={today:yyyy-MM-dd}&actor=kassir-420");
        var olderByActor = await op.GetPageAsync(Older(byActor)!);
        var dayBefore = await op.GetPageAsync($"/staff/audit?day={today.AddDays(-1):yyyy-MM-dd}");
        var verified = await op.PostFormAsync("/staff/audit", "/staff/audit/yoxla", [new("day", today.ToString("yyyy-MM-dd")), new("action", "staff.")]);

        Assert.DoesNotContain("id=\"audit-intact\"", byDefault); // a view does not read the whole chain
        Assert.Equal(1, Rows(approvals));
        Assert.Contains("order x: to be refunded", approvals);
        Assert.Null(Older(approvals));
        Assert.Equal(100, Rows(byActor));
        Assert.Contains("order 129<", byActor); // newest first
        Assert.Equal(30, Rows(olderByActor));
        Assert.Contains("order 0<", olderByActor);
        Assert.Null(Older(olderByActor));
        Assert.Equal(1, Rows(dayBefore));
        Assert.Contains("the day before", dayBefore);
        Assert.Equal(HttpStatusCode.OK, verified.StatusCode);
        var verifiedPage = await verified.Content.ReadAsStringAsync();
        Assert.Contains("id=\"audit-intact\"", verifiedPage);
        Assert.Contains("operator420", verifiedPage); // the operator's own sign-in, under "staff."
        Assert.DoesNotContain("kassir-420", verifiedPage);
    }

    [Fact]
    public async Task AMemberTheAgentAdminCreated_ReplacesTheGivenPassword_BeforeAnyStaffPage()
    {
        var (agent, branch) = await BranchAsync(App, "KB-404");
        await StaffAsync(App, "admin404", StaffRole.AgentAdmin, agent);
        using var admin = App.CreateFormClient();
        await SignInAsync(admin, "admin404");
        var created = await admin.PostFormAsync("/staff/agent", "/staff/agent/emekdaslar", [new("userName", "teze.kassir"), new("fullName", "Təzə Kassir"), new("role", "Teller"), new("branchId", branch.ToString())]);
        var given = System.Text.RegularExpressions.Regex.Match(await created.Content.ReadAsStringAsync(), "\\(yalnız indi göstərilir\\): (\\S{14})").Groups[1].Value;
        using var member = App.CreateFormClient();
        var key = await SignInAsync(member, "teze.kassir", password: given);

        var desk = await member.GetAsync("/staff/kassa");
        var home = await member.GetAsync("/staff/ev");
        var form = await member.GetPageAsync("/staff/sifre");
        var same = await member.PostFormAsync("/staff/sifre", "/staff/sifre", [new("CurrentPassword", given), new("NewPassword", given), new("ConfirmPassword", given)]);
        var wrongCurrent = await member.PostFormAsync("/staff/sifre", "/staff/sifre", [new("CurrentPassword", "yanlış şifrə 123"), new("NewPassword", "kassada yeni bir gün başlayır"), new("ConfirmPassword", "kassada yeni bir gün başlayır")]);
        var changed = await member.PostFormAsync("/staff/sifre", "/staff/sifre", [new("CurrentPassword", given), new("NewPassword", "kassada yeni bir gün başlayır"), new("ConfirmPassword", "kassada yeni bir gün başlayır")]);

        Assert.Equal("/staff/sifre", desk.LocationPath());
        Assert.Equal("/staff/sifre", home.LocationPath());
        Assert.Contains("id=\"forced-change\"", form);
        Assert.Contains("Sizə verilmiş şifrə", form);
        Assert.Equal((HttpStatusCode)422, same.StatusCode);
        Assert.Equal((HttpStatusCode)422, wrongCurrent.StatusCode);
        Assert.Equal("/staff/kassa", changed.LocationPath());
        Assert.Equal(HttpStatusCode.OK, (await member.GetAsync("/staff/kassa")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await App.CreateFormClient().PostFormAsync("/staff/giris", "/staff/giris", [new("userName", "teze.kassir"), new("password", given)])).StatusCode);
        using var again = App.CreateFormClient();
        await SignInAsync(again, "teze.kassir", key, "kassada yeni bir gün başlayır");
        Assert.Equal(HttpStatusCode.OK, (await again.GetAsync("/staff/kassa")).StatusCode);
        Assert.Equal(1, await App.WithDbAsync(db => db.AuditRecords.CountAsync(r => r.Action == "staff.password-changed")));
    }

    [Fact]
    public async Task AMemberWithTheirOwnPassword_IsNotSentToChangeIt()
    {
        var (agent, branch) = await BranchAsync(App, "KB-405");
        await StaffAsync(App, "kassir405", StaffRole.Teller, agent, branch);
        using var member = App.CreateFormClient();
        await SignInAsync(member, "kassir405");

        Assert.Equal(HttpStatusCode.OK, (await member.GetAsync("/staff/kassa")).StatusCode);
        Assert.DoesNotContain("id=\"forced-change\"", await member.GetPageAsync("/staff/sifre"));
    }

    [Fact]
    public async Task AgentAdmin_ResetsASecondFactor_TheMemberSetsItUpAgain()
    {
        var (agent, branch) = await BranchAsync(App, "KB-403");
        await StaffAsync(App, "admin403", StaffRole.AgentAdmin, agent);
        await StaffAsync(App, "kassir403", StaffRole.Teller, agent, branch);
        var oldKey = await SignInAsync(App.CreateFormClient(), "kassir403");
        using var admin = App.CreateFormClient();
        await SignInAsync(admin, "admin403");
        var id = await App.WithDbAsync(db => db.Users.Where(u => u.UserName == "kassir403").Select(u => u.Id).SingleAsync());

        await admin.PostFormAsync("/staff/agent", $"/staff/agent/emekdaslar/{id}/2fa-sifirla", []);
        using var again = App.CreateFormClient();
        var newKey = await SignInAsync(again, "kassir403"); // enrollment again: a new key and QR

        Assert.NotEqual(oldKey, newKey);
        Assert.Equal(HttpStatusCode.OK, (await again.GetAsync("/staff/kassa")).StatusCode);
    }

    [Fact]
    public async Task AgentAdmin_Report_ListsOnlyItsAgentsPayments_AsCsvAndExcel()
    {
        var (agent, branch) = await BranchAsync(App, "KB-404");
        var (otherAgent, otherBranch) = await BranchAsync(App, "KB-405");
        await StaffAsync(App, "admin404", StaffRole.AgentAdmin, agent);
        await StaffAsync(App, "kassir404", StaffRole.Teller, agent, branch);
        await StaffAsync(App, "kassir405", StaffRole.Teller, otherAgent, otherBranch);
        await CashAsync("kassir404", "1002003004", 12.34m);
        await CashAsync("kassir405", "1002003005", 56.78m);
        using var admin = App.CreateFormClient();
        await SignInAsync(admin, "admin404");

        var csv = Encoding.UTF8.GetString(await admin.Http.GetByteArrayAsync("/staff/agent/hesabat.csv"));
        var xlsx = await admin.Http.GetByteArrayAsync("/staff/agent/hesabat.xlsx");

        Assert.Contains("\"1002003004\"", csv);
        Assert.Contains("\"12.34\"", csv);
        Assert.DoesNotContain("1002003005", csv);
        using var zip = new ZipArchive(new MemoryStream(xlsx));
        using var sheet = new StreamReader(zip.GetEntry("xl/worksheets/sheet1.xml")!.Open());
        var xml = await sheet.ReadToEndAsync();
        Assert.Contains("1002003004", xml);
        Assert.Contains("<v>12.34</v>", xml);
        Assert.DoesNotContain("1002003005", xml);
    }

    [Fact]
    public async Task Operator_ActivatesABiller_IssuesAKeyShownOnce_SetsAWebhook_AndSeesTheDashboard()
    {
        await StaffAsync(App, "operator1", StaffRole.Operator);
        using var op = App.CreateFormClient();
        await SignInAsync(op, "operator1");

        var activated = await op.PostFormAsync("/staff/operator", "/staff/operator/billers/AZERCELL/aktiv", []);
        var issued = await op.PostFormAsync("/staff/operator", "/staff/operator/billers/AZERCELL/acar", []);
        var key = Regex.Match(await issued.Content.ReadAsStringAsync(), "kms_[A-Za-z0-9]{12}_[A-Za-z0-9]{32}").Value;
        var webhook = await op.PostFormAsync("/staff/operator", "/staff/operator/billers/AZERCELL/webhook", [new("url", "https://azercell.example/komis")]);
        var badWebhook = await op.PostFormAsync("/staff/operator", "/staff/operator/billers/AZERCELL/webhook", [new("url", "javascript:alert(1)")]);
        var dashboard = await op.GetPageAsync("/staff/operator/panel");

        Assert.Equal("/staff/operator", activated.LocationPath());
        Assert.Equal(BillerStatus.Active, await App.WithDbAsync(db => db.Billers.Where(b => b.Code == "AZERCELL").Select(b => b.Status).SingleAsync()));
        Assert.NotEmpty(key);
        using var api = App.CreateClient();
        api.DefaultRequestHeaders.Authorization = new("Bearer", key);
        Assert.Equal(HttpStatusCode.NotFound, (await api.GetAsync("/api/v1/accounts/501234567")).StatusCode); // the key works: a 404 of its own biller
        Assert.DoesNotContain(key, await op.GetPageAsync("/staff/operator")); // shown once
        Assert.Contains("whsec_", await webhook.Content.ReadAsStringAsync());
        Assert.Equal((HttpStatusCode)422, badWebhook.StatusCode);
        Assert.Contains("id=\"chart-channels\"", dashboard);
        Assert.Contains("id=\"chart-billers\"", dashboard);
        var actions = await App.WithDbAsync(db => db.AuditRecords.Select(r => r.Action).ToListAsync());
        Assert.Contains("biller.activated", actions);
        Assert.Contains("biller.key-issued", actions);
        Assert.Contains("biller.webhook", actions);
        Assert.DoesNotContain(await App.WithDbAsync(db => db.AuditRecords.Select(r => r.Details).ToListAsync()), d => d.Contains(key[17..], StringComparison.Ordinal));
    }

    [Fact]
    public async Task Dashboard_ShowsTheDeliveryBacklog_AndTheBillerViewerSeesOnlyItsOwnPayments()
    {
        await StaffAsync(App, "operator2", StaffRole.Operator);
        var (agent, branch) = await BranchAsync(App, "KB-406");
        await StaffAsync(App, "kassir406", StaffRole.Teller, agent, branch);
        await CashAsync("kassir406", "1002003004", 5m);
        var water = await App.WithDbAsync(db => db.Billers.Where(b => b.Code == "AZERSU").Select(b => b.Id).SingleAsync());
        await StaffAsync(App, "azersu.baxis", StaffRole.BillerViewer, billerId: water);
        using var op = App.CreateFormClient();
        await SignInAsync(op, "operator2");
        using var viewer = App.CreateFormClient();
        await SignInAsync(viewer, "azersu.baxis");

        var dashboard = await op.GetPageAsync("/staff/operator/panel");
        var viewerPage = await viewer.GetPageAsync("/staff/teskilat");

        Assert.Contains("data-backlog=\"AZERIQAZ\"", dashboard);
        Assert.DoesNotContain("id=\"refunds-due\"", dashboard); // no card approval came for a closed order
        Assert.DoesNotContain("1002003004", viewerPage);
        Assert.Contains("Azərsu", viewerPage);
    }

    [Fact]
    public async Task BillerViewer_FindsItsPayments_ByDayAccountOrReceipt_WithTheDaysTotals_ButNeverAnotherBillers()
    {
        var (agent, branch) = await BranchAsync(App, "KB-421");
        await StaffAsync(App, "kassir421", StaffRole.Teller, agent, branch);
        await StaffAsync(App, "kassir422", StaffRole.Teller, agent, branch);
        await CashAsync("kassir421", "1002003021", 5m);
        await CashAsync("kassir422", "1002003022", 7m);
        var gas = await App.WithDbAsync(db => db.Billers.Where(b => b.Code == "AZERIQAZ").Select(b => b.Id).SingleAsync());
        var water = await App.WithDbAsync(db => db.Billers.Where(b => b.Code == "AZERSU").Select(b => b.Id).SingleAsync());
        await StaffAsync(App, "azeriqaz.baxis", StaffRole.BillerViewer, billerId: gas);
        await StaffAsync(App, "azersu.baxis2", StaffRole.BillerViewer, billerId: water);
        using var viewer = App.CreateFormClient();
        await SignInAsync(viewer, "azeriqaz.baxis");
        using var other = App.CreateFormClient();
        await SignInAsync(other, "azersu.baxis2");
        var receipt = await App.WithDbAsync(db => db.Payments.Where(p => p.AccountNumber == "1002003022").Select(p => p.ReceiptNumber!).SingleAsync());
        var today = Komis.Web.ViewModels.Display.Today(TimeProvider.System);
        static int Rows(string page) => Regex.Matches(page, "<tr><td>").Count;

        var day = await viewer.GetPageAsync("/staff/teskilat");
        var byAccount = await viewer.GetPageAsync("/staff/teskilat?account=1002003021");
        var byReceipt = await viewer.GetPageAsync($"/staff/teskilat?receipt={receipt[..4]} {receipt[4..]}"); // as read aloud, with a space
        var noSuchReceipt = await viewer.GetPageAsync("/staff/teskilat?receipt=abc");
        var dayBefore = await viewer.GetPageAsync($"/staff/teskilat?day={today.AddDays(-1):yyyy-MM-dd}");
        var othersReceipt = await other.GetPageAsync($"/staff/teskilat?receipt={receipt}");

        Assert.Equal(2, Rows(day));
        Assert.Matches("id=\"biller-day-totals\">[^<]*: 2 ödəniş, 12,00 AZN; ləğv edilib: 0", day);
        Assert.Equal(1, Rows(byAccount));
        Assert.Contains("1002003021", byAccount);
        Assert.Equal(1, Rows(byReceipt));
        Assert.Contains("1002003022", byReceipt);
        Assert.Contains("id=\"biller-none\"", noSuchReceipt);
        Assert.Equal(0, Rows(dayBefore));
        Assert.Contains(": 0 ödəniş, 0,00 AZN", dayBefore);
        Assert.Equal(0, Rows(othersReceipt)); // another biller's receipt is simply not there
        Assert.DoesNotContain("1002003022", othersReceipt);
    }

    [Fact]
    public async Task Dashboard_ShowsEachDaysTotals_ByChannelAndByBiller_AsThePaymentsAddUp()
    {
        await StaffAsync(App, "operator3", StaffRole.Operator);
        var (bank, bankBranch) = await BranchAsync(App, "KB-407");
        var (post, postBranch) = await BranchAsync(App, "PB-408", AgentKind.Post);
        await StaffAsync(App, "kassir407", StaffRole.Teller, bank, bankBranch);
        await StaffAsync(App, "kassir408", StaffRole.Teller, post, postBranch);
        await CashAsync("kassir407", "1002003407", 7m);
        await CashAsync("kassir408", "1002003408", 3.5m);
        using var op = App.CreateFormClient();
        await SignInAsync(op, "operator3");

        var dashboard = await op.GetPageAsync("/staff/operator/panel");

        // What the chart must show, summed here payment by payment from the table (every test's payments of the day).
        var baku = Komis.Web.ViewModels.Display.Baku;
        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(DateTimeOffset.UtcNow, baku).DateTime);
        var paid = await App.WithDbAsync(db => db.Payments
            .Where(p => p.PaidAt != null && (p.Status == Domain.Payments.PaymentStatus.Paid || p.Status == Domain.Payments.PaymentStatus.Reversed))
            .Select(p => new { p.PaidAt, p.Channel, Biller = db.Billers.Where(b => b.Id == p.BillerId).Select(b => b.Code).Single(), Total = p.Amount + p.Fee })
            .ToListAsync());
        var ofToday = paid.Where(p => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(p.PaidAt!.Value, baku).DateTime) == today).ToList();
        var previous = System.Globalization.CultureInfo.CurrentCulture;
        System.Globalization.CultureInfo.CurrentCulture = new System.Globalization.CultureInfo("az");
        try
        {
            string Bar(string series, decimal total) => $"<title>{series} {today:dd.MM}: {Komis.Web.ViewModels.Display.Money(total)}</title>";
            Assert.Contains(Bar("BankBranch", ofToday.Where(p => p.Channel == Domain.Payments.PaymentChannel.BankBranch).Sum(p => p.Total)), dashboard);
            Assert.Contains(Bar("PostBranch", ofToday.Where(p => p.Channel == Domain.Payments.PaymentChannel.PostBranch).Sum(p => p.Total)), dashboard);
            Assert.Contains(Bar("AZERIQAZ", ofToday.Where(p => p.Biller == "AZERIQAZ").Sum(p => p.Total)), dashboard);
            Assert.True(ofToday.Where(p => p.Biller == "AZERIQAZ").Sum(p => p.Total) >= 10.5m);
        }
        finally
        {
            System.Globalization.CultureInfo.CurrentCulture = previous;
        }
    }

    private async Task CashAsync(string teller, string account, decimal amount)
    {
        await CitizenWorld.NewAccountAsync(App, "AZERIQAZ", account, null, (2026, 10, amount));
        using var client = App.CreateFormClient();
        await SignInAsync(client, teller);
        var form = await client.GetPageAsync($"/staff/kassa/hesab?biller=AZERIQAZ&number={account}");
        var fields = Payments.PaymentWorld.ConfirmFieldsOf(form, "/staff/kassa/odenis");
        fields.Add(new("cashReceived", "100"));
        Assert.Equal(HttpStatusCode.Redirect, (await client.Http.PostAsync("/staff/kassa/odenis", new FormUrlEncodedContent(fields))).StatusCode);
    }

    /// <summary>
    /// A teller's cash form for a new account; the service point taken out of service through
    /// <paramref name="switchUrl"/> ("/deaktiv") from <paramref name="managerPage"/>: the teller's session ends at once and
    /// a new sign-in is refused with the reason; <paramref name="meanwhile"/> asked, the service point back ("/aktiv"), the
    /// teller signed in again and the same form paid, once. Returns the manager's page as it was while out of service,
    /// and <paramref name="meanwhile"/>'s answer.
    /// </summary>
    private async Task<(string Page, HttpResponseMessage Meanwhile)> OutOfServiceAndBackAsync(
        FormClient manager, string managerPage, string switchUrl, (FormClient Client, string UserName, string Key) teller, string account,
        Func<Task<HttpResponseMessage>> meanwhile)
    {
        await CitizenWorld.NewAccountAsync(App, "AZERIQAZ", account, null, (2026, 10, 12m));
        var fields = Payments.PaymentWorld.ConfirmFieldsOf(await teller.Client.GetPageAsync($"/staff/kassa/hesab?biller=AZERIQAZ&number={account}"), "/staff/kassa/odenis");
        fields.Add(new("cashReceived", "12"));

        var disabled = await manager.PostFormAsync(managerPage, switchUrl + "/deaktiv", []);
        var page = await manager.GetPageAsync(managerPage);
        var sessionEnded = await teller.Client.Http.PostAsync("/staff/kassa/odenis", new FormUrlEncodedContent(fields));
        var signInRefused = await teller.Client.PostFormAsync("/staff/giris", "/staff/giris", [new("userName", teller.UserName), new("password", Password)]);
        var answer = await meanwhile();
        var enabled = await manager.PostFormAsync(managerPage, switchUrl + "/aktiv", []);
        await SignInAsync(teller.Client, teller.UserName, teller.Key);
        var paid = await teller.Client.Http.PostAsync("/staff/kassa/odenis", new FormUrlEncodedContent(fields));

        Assert.Equal(managerPage, disabled.LocationPath());
        Assert.Contains($"action=\"{switchUrl}/aktiv\"", page);
        Assert.Equal("/staff/giris", sessionEnded.LocationPath());
        Assert.Equal(HttpStatusCode.Forbidden, signInRefused.StatusCode);
        Assert.Contains("Filialınız və ya agentiniz fəaliyyətdə deyil", await signInRefused.Content.ReadAsStringAsync());
        Assert.Equal(managerPage, enabled.LocationPath());
        Assert.StartsWith("/staff/kassa/cixaris/", paid.LocationPath());
        Assert.Equal(1, await App.WithDbAsync(db => db.Payments.CountAsync(p => p.AccountNumber == account)));
        Assert.Equal(1, await App.WithDbAsync(db => db.AuditRecords.CountAsync(r => r.Action == "staff.login-refused" && r.Actor == teller.UserName)));
        return (page, answer);
    }
}

public sealed class OperatorFormatTests(KomisAppFactory app) : IntegrationTest(app)
{
    [Fact]
    public async Task Operator_ChangesAnAccountFormat_AndItIsEnforcedEverywhere_ButABrokenOneIsRefused()
    {
        await StaffWorld.StaffAsync(App, "operator9", StaffRole.Operator);
        using var op = App.CreateFormClient();
        await StaffWorld.SignInAsync(op, "operator9");

        var bad = await op.PostFormAsync("/staff/operator", "/staff/operator/billers/AZERSU/format",
            [new("pattern", "^[0-9$"), new("descriptionAz", "x"), new("example", "1")]);
        var lookahead = await op.PostFormAsync("/staff/operator", "/staff/operator/billers/AZERSU/format",
            [new("pattern", "^(?=SU)SU\\d{6}$"), new("descriptionAz", "x"), new("example", "SU123456")]);
        var patternAfterRefusals = await App.WithDbAsync(db => db.Billers.Where(b => b.Code == "AZERSU").Select(b => b.AccountFormat.Pattern).SingleAsync());
        var good = await op.PostFormAsync("/staff/operator", "/staff/operator/billers/AZERSU/format",
            [new("pattern", "^SU\\d{6}$"), new("descriptionAz", "SU və 6 rəqəm"), new("descriptionRu", "SU и 6 цифр"), new("descriptionEn", "SU and 6 digits"), new("example", "SU123456")]);
        using var api = await App.CreateBillerClientAsync("AZERSU");
        var oldFormat = await api.PutAsync("/api/v1/accounts/20030040", Json());
        var newFormat = await api.PutAsync("/api/v1/accounts/SU123456", Json());

        Assert.Equal((HttpStatusCode)422, bad.StatusCode);
        Assert.Equal((HttpStatusCode)422, lookahead.StatusCode);
        Assert.Equal("^\\d{8}$", patternAfterRefusals);
        Assert.Equal("/staff/operator", good.LocationPath());
        Assert.Equal(HttpStatusCode.BadRequest, oldFormat.StatusCode);
        Assert.Equal(HttpStatusCode.Created, newFormat.StatusCode);
    }

    private static StringContent Json() => new(
        "{\"holderName\":\"A\",\"address\":\"B\",\"asOf\":\"2026-11-20T08:00:00Z\",\"charges\":[]}", Encoding.UTF8, "application/json");
}

public sealed class TellerReprintTests(KomisAppFactory app) : IntegrationTest(app)
{
    [Fact]
    public async Task Teller_FindsAReceiptByNumber_ToReprintIt()
    {
        var (agent, branch) = await StaffWorld.BranchAsync(App, "KB-501");
        await StaffWorld.StaffAsync(App, "kassir501", StaffRole.Teller, agent, branch);
        using var teller = App.CreateFormClient();
        await StaffWorld.SignInAsync(teller, "kassir501");
        await CitizenWorld.NewAccountAsync(App, "AZERIQAZ", "1002003004", null, (2026, 10, 5m));
        var form = await teller.GetPageAsync("/staff/kassa/hesab?biller=AZERIQAZ&number=1002003004");
        var fields = Payments.PaymentWorld.ConfirmFieldsOf(form, "/staff/kassa/odenis");
        fields.Add(new("cashReceived", "5"));
        var number = (await teller.Http.PostAsync("/staff/kassa/odenis", new FormUrlEncodedContent(fields))).LocationPath()!.Split('/')[^1];

        var found = await teller.GetAsync($"/staff/kassa/cixaris?number={number}");
        var nonsense = await teller.GetAsync("/staff/kassa/cixaris?number=abc");

        Assert.Equal($"/staff/kassa/cixaris/{number}", found.LocationPath());
        Assert.Contains(number, await teller.GetPageAsync(found.LocationPath()!));
        Assert.Equal(HttpStatusCode.NotFound, nonsense.StatusCode);
    }
}
