using System.Net;
using Komis.Domain.Payments;
using Komis.Domain.Staff;
using Komis.IntegrationTests.Citizens;
using Komis.IntegrationTests.Infrastructure;
using Komis.Web.Features.Staff;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using static Komis.IntegrationTests.Staff.StaffWorld;

namespace Komis.IntegrationTests.Staff;

public sealed class StaffAreaTests(KomisAppFactory app) : IntegrationTest(app)
{
    [Fact]
    public async Task FirstSignIn_SetsUpTheAuthenticator_ShowsRecoveryCodesOnce_ThenCodesSignIn()
    {
        var (agent, branch) = await BranchAsync(App, "KB-101");
        await StaffAsync(App, "kassir1", StaffRole.Teller, agent, branch);
        using var first = App.CreateFormClient();

        var key = await SignInAsync(first, "kassir1");

        var codes = await first.GetPageAsync("/staff/berpa-kodlari");
        Assert.Contains("id=\"recovery-codes\"", codes);
        Assert.Equal(HttpStatusCode.OK, (await first.GetAsync("/staff/kassa")).StatusCode);
        Assert.Equal("/staff", (await first.GetAsync("/staff/berpa-kodlari")).LocationPath()); // shown once
        using var second = App.CreateFormClient();
        await SignInAsync(second, "kassir1", key);
        Assert.Equal(HttpStatusCode.OK, (await second.GetAsync("/staff/kassa")).StatusCode);
    }

    [Fact]
    public async Task TheSecondFactor_IsNotStoredInTheClear_YetItsKeyAndEachRecoveryCodeSignIn_TheCodeOnce()
    {
        var (agent, branch) = await BranchAsync(App, "KB-109");
        await StaffAsync(App, "kassir9", StaffRole.Teller, agent, branch);
        using var first = App.CreateFormClient();
        var key = await SignInAsync(first, "kassir9");
        var codes = System.Text.RegularExpressions.Regex.Matches(await first.GetPageAsync("/staff/berpa-kodlari"), "<li>([^<]+)</li>").Select(m => m.Groups[1].Value).ToList();
        var stored = await App.WithDbAsync(db => db.UserTokens.Where(t => db.Users.Any(u => u.Id == t.UserId && u.UserName == "kassir9")).Select(t => t.Value!).ToListAsync());

        Task<HttpResponseMessage> RecoverAsync(string code) => PasswordThenSecondFactorAsync(App, "kassir9", [new("code", ""), new("recoveryCode", code.ToLowerInvariant())]);

        var recovered = await RecoverAsync(codes[3]);
        var again = await RecoverAsync(codes[3]);
        using var withKey = App.CreateFormClient();
        await SignInAsync(withKey, "kassir9", key);

        Assert.Equal(10, codes.Count);
        Assert.Equal(2, stored.Count); // the key and the codes
        Assert.All(stored, value =>
        {
            Assert.DoesNotContain(key, value, StringComparison.OrdinalIgnoreCase);
            Assert.All(codes, code => Assert.DoesNotContain(code, value, StringComparison.OrdinalIgnoreCase));
        });
        Assert.Equal("/staff", recovered.LocationPath());
        Assert.Equal(HttpStatusCode.Unauthorized, again.StatusCode); // a recovery code works once
        Assert.Equal(HttpStatusCode.OK, (await withKey.GetAsync("/staff/kassa")).StatusCode);
        Assert.Equal(9, await App.WithDbAsync(async db =>
        {
            var user = await db.Users.SingleAsync(u => u.UserName == "kassir9");
            return (await db.UserTokens.SingleAsync(t => t.UserId == user.Id && t.Name == "RecoveryCodes")).Value!.Split(';').Length;
        }));
    }

    [Fact]
    public async Task AnAuthenticatorKeyStoredInTheClearBefore_StillSignsIn()
    {
        var (agent, branch) = await BranchAsync(App, "KB-110");
        await StaffAsync(App, "kassir10", StaffRole.Teller, agent, branch);
        const string plainKey = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"; // as Identity's own store kept it (and bench/data.sql writes it)
        await App.WithDbAsync(async db =>
        {
            var user = await db.Users.SingleAsync(u => u.UserName == "kassir10");
            user.TotpConfirmedAt = DateTimeOffset.UtcNow;
            db.UserTokens.Add(new Microsoft.AspNetCore.Identity.IdentityUserToken<Guid> { UserId = user.Id, LoginProvider = "[AspNetUserStore]", Name = "AuthenticatorKey", Value = plainKey });
            return await db.SaveChangesAsync();
        });
        using var client = App.CreateFormClient();

        await SignInAsync(client, "kassir10", plainKey);

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/staff/kassa")).StatusCode);
    }

    [Fact]
    public async Task AnAuthenticatorCode_SignsInOnce_ItsReplayAndOlderCodesAreRefused_AndCountTowardsLockout()
    {
        var (agent, branch) = await BranchAsync(App, "KB-107");
        await StaffAsync(App, "kassir7", StaffRole.Teller, agent, branch);
        var key = await SignInAsync(App.CreateFormClient(), "kassir7");
        var used = await App.WithDbAsync(db => db.Users.Where(u => u.UserName == "kassir7").Select(u => u.TotpLastStep).SingleAsync());
        var at = DateTimeOffset.FromUnixTimeSeconds(used!.Value * 30);

        Task<HttpResponseMessage> TryCodeAsync(string code) => PasswordThenSecondFactorAsync(App, "kassir7", [new("code", code)]);

        var replayed = await TryCodeAsync(Totp(key, at));
        var older = await TryCodeAsync(Totp(key, at.AddSeconds(-30)));
        var failures = await App.WithDbAsync(db => db.Users.Where(u => u.UserName == "kassir7").Select(u => u.AccessFailedCount).SingleAsync());
        using var next = App.CreateFormClient();
        await SignInAsync(next, "kassir7", key); // the next step's code still signs in

        Assert.Equal(HttpStatusCode.Unauthorized, replayed.StatusCode);
        Assert.Contains("Kod yanlışdır", await replayed.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.Unauthorized, older.StatusCode);
        Assert.Equal(2, failures);
        Assert.Equal(HttpStatusCode.OK, (await next.GetAsync("/staff/kassa")).StatusCode);
        Assert.True(await App.WithDbAsync(db => db.Users.Where(u => u.UserName == "kassir7").Select(u => u.TotpLastStep).SingleAsync()) > used);
    }

    [Fact]
    public async Task TheSameCodeSentTwiceAtOnce_SignsInOnlyOnce()
    {
        var (agent, branch) = await BranchAsync(App, "KB-108");
        await StaffAsync(App, "kassir8", StaffRole.Teller, agent, branch);
        var key = await SignInAsync(App.CreateFormClient(), "kassir8");
        var code = Totp(key, DateTimeOffset.UtcNow.AddSeconds(30)); // the next step's, not used yet
        using var one = App.CreateFormClient();
        using var two = App.CreateFormClient();
        foreach (var client in new[] { one, two })
        {
            await client.PostFormAsync("/staff/giris", "/staff/giris", [new("userName", "kassir8"), new("password", Password)]);
        }

        var tokens = await Task.WhenAll(one.GetPageAsync("/staff/2fa"), two.GetPageAsync("/staff/2fa"));
        var answers = await Task.WhenAll(
            one.Http.PostAsync("/staff/2fa", new FormUrlEncodedContent([new("code", code), new("__RequestVerificationToken", FormClient.AntiforgeryToken(tokens[0]))])),
            two.Http.PostAsync("/staff/2fa", new FormUrlEncodedContent([new("code", code), new("__RequestVerificationToken", FormClient.AntiforgeryToken(tokens[1]))])));

        var statuses = string.Join(", ", answers.Select(a => (int)a.StatusCode));
        Assert.True(answers.Count(a => a.StatusCode == HttpStatusCode.Redirect) == 1, statuses);
        Assert.True(answers.Count(a => a.StatusCode == HttpStatusCode.Unauthorized) == 1, statuses);
    }

    [Fact]
    public async Task PasswordAlone_BeforeTheAuthenticatorIsSetUp_OpensNothing()
    {
        var (agent, branch) = await BranchAsync(App, "KB-106");
        await StaffAsync(App, "yeni.kassir", StaffRole.Teller, agent, branch);
        using var client = App.CreateFormClient();

        var login = await client.PostFormAsync("/staff/giris", "/staff/giris", [new("userName", "yeni.kassir"), new("password", Password)]);

        Assert.Equal("/staff/2fa", login.LocationPath());
        Assert.Equal("/staff/giris", (await client.GetAsync("/staff/kassa")).LocationPath());
        Assert.Equal("/staff/giris", (await client.GetAsync("/staff/ev")).LocationPath());
    }

    [Fact]
    public async Task PasswordAlone_DoesNotOpenTheStaffArea_AndAWrongCodeIsRefused()
    {
        var (agent, branch) = await BranchAsync(App, "KB-102");
        await StaffAsync(App, "kassir2", StaffRole.Teller, agent, branch);
        var key = await SignInAsync(App.CreateFormClient(), "kassir2");
        using var client = App.CreateFormClient();

        await client.PostFormAsync("/staff/giris", "/staff/giris", [new("userName", "kassir2"), new("password", Password)]);
        var desk = await client.GetAsync("/staff/kassa");
        var wrong = await client.PostFormAsync("/staff/2fa", "/staff/2fa", [new("code", Totp(key, DateTimeOffset.UtcNow.AddMinutes(10)))]);

        Assert.Equal("/staff/giris", desk.LocationPath());
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        Assert.Contains("Kod yanlışdır", await wrong.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Teller_TakesCash_BooksTheBranchCash_AndPrintsTheSameReceipt_OnlyForItsBranch()
    {
        var (agent, branch) = await BranchAsync(App, "KB-103");
        var (otherAgent, otherBranch) = await BranchAsync(App, "AP-103", AgentKind.Post);
        await StaffAsync(App, "kassir3", StaffRole.Teller, agent, branch);
        await StaffAsync(App, "kassir4", StaffRole.Teller, otherAgent, otherBranch);
        await CitizenWorld.NewAccountAsync(App, "AZERIQAZ", "1002003004", null, (2026, 10, 15.25m));
        using var teller = App.CreateFormClient();
        await SignInAsync(teller, "kassir3");

        var form = await teller.GetPageAsync("/staff/kassa/hesab?biller=AZERIQAZ&number=1002003004");
        var fields = Payments.PaymentWorld.ConfirmFieldsOf(form, "/staff/kassa/odenis");
        fields.RemoveAll(f => f.Key == "cashReceived");
        fields.Add(new("cashReceived", "20"));
        var paid = await teller.Http.PostAsync("/staff/kassa/odenis", new FormUrlEncodedContent(fields));
        var receiptWithChange = await teller.GetPageAsync(paid.LocationPath()!);
        var again = await teller.Http.PostAsync("/staff/kassa/odenis", new FormUrlEncodedContent(fields)); // a double click

        Assert.True(paid.StatusCode == HttpStatusCode.Redirect, string.Join("&", fields.Select(f => f.Key + "=" + f.Value)) + " -> " + System.Text.RegularExpressions.Regex.Matches(await paid.Content.ReadAsStringAsync(), "text-danger small\">([^<]+)<").Select(m => m.Groups[1].Value).FirstOrDefault());
        var receiptPath = paid.LocationPath()!;
        Assert.StartsWith("/staff/kassa/cixaris/", receiptPath);
        Assert.Equal(receiptPath, again.LocationPath());
        var receipt = await teller.GetPageAsync(receiptPath);
        Assert.Contains("Qaytarılacaq qalıq: 4,75 AZN", receiptWithChange);
        Assert.Contains("KB-103 Test Bank KB-103, Filial KB-103", receipt);
        Assert.Contains("15,25 AZN", receipt);
        Assert.Equal(1, await App.WithDbAsync(db => db.Payments.CountAsync(p => p.Status == PaymentStatus.Paid && p.Channel == PaymentChannel.BankBranch)));
        var cash = await App.WithDbAsync(db => db.LedgerEntries.Where(e => e.Account == LedgerAccounts.BranchCash(branch)).SumAsync(e => e.Debit));
        Assert.Equal(15.25m, cash);
        Assert.Equal(1, await App.WithDbAsync(db => db.OutboxMessages.CountAsync()));
        Assert.Equal(1, await App.WithDbAsync(db => db.AuditRecords.CountAsync(r => r.Action == "payment.cash")));

        using var otherTeller = App.CreateFormClient();
        await SignInAsync(otherTeller, "kassir4");
        Assert.Equal(HttpStatusCode.NotFound, (await otherTeller.GetAsync(receiptPath)).StatusCode);
    }

    [Fact]
    public async Task Teller_CashLessThanDue_IsRefused_AndNothingIsPaid()
    {
        var (agent, branch) = await BranchAsync(App, "KB-104");
        await StaffAsync(App, "kassir5", StaffRole.Teller, agent, branch);
        await CitizenWorld.NewAccountAsync(App, "AZERIQAZ", "1002003004", null, (2026, 10, 15.25m));
        using var teller = App.CreateFormClient();
        await SignInAsync(teller, "kassir5");

        var form = await teller.GetPageAsync("/staff/kassa/hesab?biller=AZERIQAZ&number=1002003004");
        var fields = Payments.PaymentWorld.ConfirmFieldsOf(form, "/staff/kassa/odenis");
        fields.Add(new("cashReceived", "10,00"));
        var response = await teller.Http.PostAsync("/staff/kassa/odenis", new FormUrlEncodedContent(fields));

        Assert.Equal((HttpStatusCode)422, response.StatusCode);
        Assert.Contains("az ola bilməz", await response.Content.ReadAsStringAsync());
        Assert.Equal(0, await App.WithDbAsync(db => db.PaymentOrders.CountAsync()));
    }

    [Fact]
    public async Task AuditChain_VerifiesIntact_AndDetectsAnEditedOrDeletedRecord()
    {
        var (agent, branch) = await BranchAsync(App, "KB-105");
        await StaffAsync(App, "kassir6", StaffRole.Teller, agent, branch);
        await SignInAsync(App.CreateFormClient(), "kassir6");
        await App.CreateFormClient().PostFormAsync("/staff/giris", "/staff/giris", [new("userName", "kassir6"), new("password", "wrong")]);
        var chainer = App.Services.GetRequiredService<AuditChainer>();
        await chainer.SealPendingAsync(CancellationToken.None);

        var intact = await chainer.VerifyAsync(CancellationToken.None);
        Assert.True(intact.Intact, intact.ToString());
        Assert.True(intact.Sealed >= 3, $"{intact.Sealed} sealed");
        var ordinaryEdit = await Assert.ThrowsAnyAsync<Exception>(() => App.WithDbAsync(db => db.Database.ExecuteSqlRawAsync("UPDATE audit_records SET details = 'x' WHERE sequence = 2")));
        Assert.Contains("append-only", ordinaryEdit.Message);

        await AsSuperuserAsync("UPDATE audit_records SET details = 'nothing happened' WHERE sequence = 2");
        var edited = await chainer.VerifyAsync(CancellationToken.None);
        Assert.False(edited.Intact);
        Assert.Equal(2, edited.FirstBrokenSequence);
        await AsSuperuserAsync("DELETE FROM audit_records WHERE sequence >= 2");
        await AsSuperuserAsync("INSERT INTO audit_records (at, actor, action, details, sequence, previous_hash, hash) SELECT at, actor, action, details, 3, previous_hash, hash FROM audit_records WHERE sequence = 1");
        var deleted = await chainer.VerifyAsync(CancellationToken.None);
        Assert.False(deleted.Intact);
        Assert.Equal(2, deleted.FirstBrokenSequence);
    }

    [Theory]
    [InlineData("/staff/kassa")]
    [InlineData("/staff/kassa/hesab?biller=AZERIQAZ&number=1002003004")]
    [InlineData("/staff/audit")]
    [InlineData("/staff/ev")]
    [InlineData("/staff/berpa-kodlari")]
    public async Task Anonymous_IsSentToTheStaffLogin(string url)
    {
        using var client = App.CreateFormClient();

        Assert.Equal("/staff/giris", (await client.GetAsync(url)).LocationPath());
    }

    public static TheoryData<StaffRole?, string, bool> Matrix => new()
    {
        { StaffRole.Teller, "/staff/kassa", true },
        { StaffRole.Teller, "/staff/audit", false },
        { StaffRole.Supervisor, "/staff/kassa", true },
        { StaffRole.Supervisor, "/staff/audit", false },
        { StaffRole.AgentAdmin, "/staff/kassa", false },
        { StaffRole.AgentAdmin, "/staff/audit", false },
        { StaffRole.AgentAdmin, "/staff/ev", true },
        { StaffRole.Operator, "/staff/kassa", false },
        { StaffRole.Operator, "/staff/audit", true },
        { StaffRole.BillerViewer, "/staff/kassa", false },
        { StaffRole.BillerViewer, "/staff/audit", false },
        { StaffRole.BillerViewer, "/staff/ev", true },
        { null, "/staff/kassa", false }, // a signed-in citizen
        { null, "/staff/audit", false },
        { null, "/staff/ev", false },
    };

    [Theory]
    [MemberData(nameof(Matrix))]
    public async Task EachRole_ReachesOnlyItsPages(StaffRole? role, string url, bool allowed)
    {
        using var client = App.CreateFormClient();
        if (role is { } r)
        {
            var (agent, branch) = await BranchAsync(App, "KB-2" + (int)r);
            var biller = await App.WithDbAsync(db => db.Billers.Where(b => b.Code == "AZERIQAZ").Select(b => b.Id).SingleAsync());
            var user = "user-" + r;
            await StaffAsync(App, user, r,
                r is StaffRole.Teller or StaffRole.Supervisor or StaffRole.AgentAdmin ? agent : null,
                r is StaffRole.Teller or StaffRole.Supervisor ? branch : null,
                r == StaffRole.BillerViewer ? biller : null);
            await SignInAsync(client, user);
        }
        else
        {
            var person = CitizenWorld.NewPerson(App);
            await CitizenWorld.NewAccountAsync(App, "AZERIQAZ", "1002003004", null, (2026, 10, 5m));
            var (code, password) = await CitizenWorld.RegisterAsync(client, person, ("AZERIQAZ", "1002003004"));
            await CitizenWorld.LoginAsync(client, code, password);
        }

        var response = await client.GetAsync(url);

        if (allowed)
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
        else
        {
            Assert.Equal("/xeta/403", response.LocationPath()?.Split('?')[0]);
        }
    }

    private async Task AsSuperuserAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(App.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SET session_replication_role = replica; " + sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
