using System.Text.RegularExpressions;
using Komis.BrowserTests.Infrastructure;
using Komis.Domain.Accounts;
using Komis.Web.Data;
using Komis.Web.Data.Demo;
using Komis.Web.Integrations.Sandbox;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Komis.BrowserTests.Payments;

[Collection(BrowserCollection.Name)]
public sealed class CardPaymentJourneyTests(BrowserFixture browser)
{
    [Fact]
    public Task Citizen_PaysTwoChargesByCard_SeesTheReceipt_DownloadsItsPdf_OpensTheQrLink_AndFindsItInTheHistory() => browser.RunAsync(async page =>
    {
        await SignedInCitizenAsync(page, "TPY1234", "42000001", ("AZERIQAZ", "1002003020", [(2026, 9, 20.10m), (2026, 10, 15.25m)]));

        await page.ClickAsync("#pay-debts");
        await Expect(page.Locator("[data-pay-account='1002003020'] input[type=checkbox]")).ToHaveCountAsync(2);
        await page.ClickAsync("#pay-review");
        await Expect(page.Locator("#pay-total")).ToHaveTextAsync("35,35 AZN");
        await page.ClickAsync("#pay-confirm");

        await Expect(page.Locator("#sandbox-acquirer-banner")).ToBeVisibleAsync();
        await Expect(page.Locator("#sandbox-amount")).ToHaveTextAsync("35.35 AZN");
        await page.FillAsync("#cardNumber", "4111 1111 1111 1111");
        await page.FillAsync("#expiry", "12/30");
        await page.FillAsync("#cvv", "123");
        await page.ClickAsync("#sandbox-pay");

        await Expect(page.Locator("#pay-status")).ToHaveAttributeAsync("data-status", "Paid", new() { Timeout = 15_000 });
        await page.ClickAsync(".receipt-link");
        await Expect(page.Locator("#receipt-total")).ToHaveTextAsync("35,35 AZN");
        var number = await page.Locator("#receipt-number").InnerTextAsync();
        Assert.Matches("^\\d{12}$", number);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.ArtifactsFolder, "receipt.png"), FullPage = true });

        var download = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("#receipt-pdf"));
        var pdf = Path.Combine(BrowserFixture.ArtifactsFolder, "receipt.pdf");
        await download.SaveAsAsync(pdf);
        Assert.Contains(number, Komis.IntegrationTests.Infrastructure.PdfText.Extract(await File.ReadAllBytesAsync(pdf)));

        // The QR code's target, opened as anyone would: a fresh browser with no session.
        var link = await page.Locator("#receipt-qr").GetAttributeAsync("data-url");
        await using (var stranger = await browser.Browser.NewContextAsync(new BrowserNewContextOptions { IgnoreHTTPSErrors = true }))
        {
            var verify = await stranger.NewPageAsync();
            await verify.GotoAsync(link!);
            await Expect(verify.Locator("#receipt-authentic")).ToContainTextAsync(number);
            await Expect(verify.Locator("#verify-status")).ToHaveTextAsync("Ödənilib");
            await Expect(verify.Locator("body")).Not.ToContainTextAsync("1002003020");
        }

        await page.GotoAsync("/kabinet/odenisler");
        await Expect(page.Locator("#history")).ToContainTextAsync(number);
        await page.GotoAsync("/kabinet");
        await Expect(page.Locator("#total-owed")).ToHaveTextAsync("0,00 AZN");
        await BrowserFixture.GuideScreenshotAsync(page, "8-odenis");
    });

    private async Task SignedInCitizenAsync(IPage page, string fin, string cardNumber, params (string Biller, string Number, (int Y, int M, decimal A)[] Charges)[] accounts)
    {
        var person = new DemoPerson("Nigar", "Quliyeva", "Elçin qızı", fin, "AZE", cardNumber, DateOnly.FromDateTime(DateTime.UtcNow).AddYears(3));
        browser.Services.GetRequiredService<SandboxIdentityRegistry>().Add(person);
        await using (var scope = browser.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<KomisDbContext>();
            foreach (var (billerCode, number, charges) in accounts)
            {
                var biller = await db.Billers.SingleAsync(b => b.Code == billerCode);
                db.BillerAccounts.Add(BillerAccount.Open(biller, number, person.FullName, "Sumqayıt, 5-ci mkr. 3", null, DateTimeOffset.UtcNow.AddHours(-2),
                    charges.Select(c => new ChargeData(new BillingPeriod(c.Y, c.M), c.A, new DateOnly(c.Y, c.M, 1).AddMonths(1).AddDays(19)))));
            }

            await db.SaveChangesAsync();
        }

        await page.GotoAsync("/odenis-xidmetleri/qeydiyyat");
        await page.FillAsync("#Number", cardNumber);
        await page.FillAsync("#Fin", fin);
        await page.ClickAsync("#identity-submit");
        foreach (var (billerCode, number, _) in accounts)
        {
            await page.SelectOptionAsync("#Biller", billerCode);
            await page.FillAsync("#AccountNumber", number);
            await page.ClickAsync("#find-submit");
            await page.ClickAsync("#confirm-account");
        }

        await page.ClickAsync("#to-review");
        await page.ClickAsync("#complete");
        var code = await page.Locator("#subscriber-code").GetAttributeAsync("data-code");
        var password = await page.Locator("#initial-password").InnerTextAsync();
        await page.ClickAsync("#go-login");
        await page.FillAsync("#Code", code!);
        await page.FillAsync("#Password", password);
        await page.ClickAsync("#login-submit");
        await page.FillAsync("#CurrentPassword", password);
        await page.FillAsync("#NewPassword", "mavi dəniz sahili");
        await page.FillAsync("#ConfirmPassword", "mavi dəniz sahili");
        await page.ClickAsync("#change-password");
        await Expect(page).ToHaveURLAsync(new Regex("/kabinet$"));
    }
}
