using System.Text.RegularExpressions;
using Komis.BrowserTests.Infrastructure;
using Komis.Domain.Accounts;
using Komis.Domain.Staff;
using Komis.Web.Data;
using Komis.Web.Data.Demo;
using Komis.Web.Features.Staff;
using Komis.Web.Integrations.Sandbox;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Komis.BrowserTests.Staff;

[Collection(BrowserCollection.Name)]
public sealed class TellerJourneyTests(BrowserFixture browser)
{
    [Fact]
    public Task Teller_SignsInWithTotp_RegistersACitizen_TakesCash_PrintsTheReceipt_AndTheCitizenSeesItOnline() => browser.RunAsync(async page =>
    {
        var person = new DemoPerson("Kamran", "Bağırov", "Zaur oğlu", "TLR1234", "AA", "4300001", DateOnly.FromDateTime(DateTime.UtcNow).AddYears(4));
        browser.Services.GetRequiredService<SandboxIdentityRegistry>().Add(person);
        await using (var scope = browser.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<KomisDbContext>();
            var agent = new Agent("BRWBANK", "Brauzer Bank", AgentKind.Bank);
            var branch = new Branch(agent.Id, "BB-001", "Mərkəz filialı", "Nizami küç. 5", "Bakı");
            db.Agents.Add(agent);
            db.Branches.Add(branch);
            var biller = await db.Billers.SingleAsync(b => b.Code == "BAKIELEKTRIK");
            db.BillerAccounts.Add(BillerAccount.Open(biller, "BE55667788", person.FullName, "Bakı, Təbriz küç. 7, m. 3", null, DateTimeOffset.UtcNow.AddHours(-3),
                [new ChargeData(new BillingPeriod(2026, 10), 23.40m, new DateOnly(2026, 11, 20))]));
            await db.SaveChangesAsync();
            await StaffLogins.CreateAsync(scope.ServiceProvider.GetRequiredService<UserManager<KomisUser>>(), db,
                "brauzer.kassir", "uzun kassir şifrəsi", "Səbinə Əliyeva", StaffRole.Teller, agent.Id, branch.Id, null, DateTimeOffset.UtcNow);
        }

        // Sign-in with password, then the authenticator app is set up from the QR page.
        await page.GotoAsync("/staff");
        await page.FillAsync("#userName", "brauzer.kassir");
        await page.FillAsync("#password", "uzun kassir şifrəsi");
        await page.ClickAsync("#staff-login");
        var key = (await page.Locator("#totp-key").InnerTextAsync()).Replace(" ", "", StringComparison.Ordinal);
        await page.FillAsync("#code", Komis.Testing.Totp.Code(key, DateTimeOffset.UtcNow));
        await page.ClickAsync("#totp-submit");
        await Expect(page.Locator("#recovery-codes li")).ToHaveCountAsync(10);
        await page.GotoAsync("/staff");
        await Expect(page).ToHaveURLAsync(new Regex("/staff/kassa$"));

        // A walk-in citizen is registered at the desk.
        await page.ClickAsync("#register-walk-in");
        await page.SelectOptionAsync("#Series", "AA");
        await page.FillAsync("#Number", person.CardNumber);
        await page.FillAsync("#Fin", person.Fin);
        await page.ClickAsync("#identity-submit");
        await page.SelectOptionAsync("#Biller", "BAKIELEKTRIK");
        await page.FillAsync("#AccountNumber", "BE55667788");
        await page.ClickAsync("#find-submit");
        await page.ClickAsync("#confirm-account");
        await page.ClickAsync("#complete");
        var code = await page.Locator("#subscriber-code").GetAttributeAsync("data-code");
        var password = await page.Locator("#initial-password").InnerTextAsync();
        await page.EmulateMediaAsync(new PageEmulateMediaOptions { Media = Media.Print });
        await Expect(page.Locator("header")).ToBeHiddenAsync();
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.ArtifactsFolder, "teller-sheet-print.png"), FullPage = true });
        await page.EmulateMediaAsync(new PageEmulateMediaOptions { Media = Media.Screen });

        // Cash for the citizen's account, from the subscriber's page.
        await page.ClickAsync("#to-subscriber");
        await page.ClickAsync("#subscriber-accounts a");
        await page.FillAsync("#cashReceived", "30");
        await page.ClickAsync("#take-cash");
        await Expect(page.Locator("#cash-change")).ToHaveTextAsync("Qaytarılacaq qalıq: 6,60 AZN");
        await Expect(page.Locator("#receipt-total")).ToHaveTextAsync("23,40 AZN");
        var receipt = await page.Locator("#receipt-number").InnerTextAsync();
        await page.EmulateMediaAsync(new PageEmulateMediaOptions { Media = Media.Print });
        await Expect(page.Locator("#print-receipt")).ToBeHiddenAsync();
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.ArtifactsFolder, "teller-receipt-print.png"), FullPage = true });

        // The citizen, at home, logs in and finds the cash payment in the history.
        await using var home = await browser.Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = browser.BaseUrl, IgnoreHTTPSErrors = true });
        var citizen = await home.NewPageAsync();
        await citizen.GotoAsync("/odenis-xidmetleri/giris");
        await citizen.FillAsync("#Code", code!);
        await citizen.FillAsync("#Password", password);
        await citizen.ClickAsync("#login-submit");
        await citizen.FillAsync("#CurrentPassword", password);
        await citizen.FillAsync("#NewPassword", "gecə yarısı qatarı");
        await citizen.FillAsync("#ConfirmPassword", "gecə yarısı qatarı");
        await citizen.ClickAsync("#change-password");
        await citizen.ClickAsync("#history-link");
        await Expect(citizen.Locator("#history")).ToContainTextAsync(receipt);
        await Expect(citizen.Locator("#history")).ToContainTextAsync("23,40 AZN");
    });
}
