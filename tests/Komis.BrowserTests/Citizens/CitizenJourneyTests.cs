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

namespace Komis.BrowserTests.Citizens;

[Collection(BrowserCollection.Name)]
public sealed class CitizenJourneyTests(BrowserFixture browser)
{
    [Fact]
    public Task Citizen_RegistersPrintsTheSheet_DownloadsThePdf_LogsIn_AndChangesThePassword() => browser.RunAsync(async page =>
    {
        var person = await SeedPersonWithAccountsAsync("TBR1234", "AZE", "41000001", ("AZERIQAZ", "1002003010"), ("AZERSU", "20030010"));

        await page.GotoAsync("/");
        await page.ClickAsync("text=Ödəniş xidmətlərinə keç");
        await page.ClickAsync("#register-link");
        await Expect(page.Locator("h1")).ToHaveTextAsync("Real rejimdə qeydiyyat");

        // A typo first: the form says exactly what is wrong.
        await page.SelectOptionAsync("#Series", "AZE");
        await page.FillAsync("#Number", "4100000");
        await page.FillAsync("#Fin", person.Fin.ToLowerInvariant());
        await page.ClickAsync("#identity-submit");
        await Expect(page.Locator("#Number-error")).ToHaveTextAsync("AZE seriyalı vəsiqənin nömrəsi 8 rəqəmdən ibarətdir.");

        await page.FillAsync("#Number", person.CardNumber);
        await BrowserFixture.GuideScreenshotAsync(page, "1-vesiqe");
        await page.ClickAsync("#identity-submit");
        await Expect(page).ToHaveURLAsync(new Regex("/qeydiyyat/hesablar$"));

        foreach (var (biller, number) in new[] { ("AZERIQAZ", "1002003010"), ("AZERSU", "20030010") })
        {
            await page.SelectOptionAsync("#Biller", biller);
            await page.FillAsync("#AccountNumber", number);
            await page.ClickAsync("#find-submit");
            await Expect(page.Locator("#found-account")).ToBeVisibleAsync();
            if (biller == "AZERIQAZ")
            {
                await BrowserFixture.GuideScreenshotAsync(page, "2-hesab");
            }

            await page.ClickAsync("#confirm-account");
            await Expect(page.Locator("#linked-accounts")).ToContainTextAsync(number);
        }

        await page.ClickAsync("#to-review");
        await BrowserFixture.GuideScreenshotAsync(page, "3-yoxlama");
        await page.ClickAsync("#complete");
        await Expect(page).ToHaveURLAsync(new Regex("/qeydiyyat/vereqe$"));
        var code = await page.Locator("#subscriber-code").GetAttributeAsync("data-code");
        var password = await page.Locator("#initial-password").InnerTextAsync();
        Assert.Matches("^\\d{10}$", code);

        // The print view: one page, no navigation.
        await page.EmulateMediaAsync(new PageEmulateMediaOptions { Media = Media.Print });
        await Expect(page.Locator("header")).ToBeHiddenAsync();
        await Expect(page.Locator("#print-sheet")).ToBeHiddenAsync();
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.ArtifactsFolder, "registration-sheet-print.png"), FullPage = true });
        await BrowserFixture.GuideScreenshotAsync(page, "4-vereqe", "#registration-sheet");
        var pdfOfPrint = await page.PdfAsync(new PagePdfOptions { Format = "A4", PrintBackground = true });
        Assert.Equal(1, CountPdfPages(pdfOfPrint));
        await page.EmulateMediaAsync(new PageEmulateMediaOptions { Media = Media.Screen });

        var download = await page.RunAndWaitForDownloadAsync(() => page.ClickAsync("#download-pdf"));
        var pdfPath = Path.Combine(BrowserFixture.ArtifactsFolder, "registration-sheet.pdf");
        await download.SaveAsAsync(pdfPath);
        var pdfText = Komis.IntegrationTests.Infrastructure.PdfText.Extract(await File.ReadAllBytesAsync(pdfPath));
        Assert.Contains($"{code![..3]} {code[3..6]} {code[6..9]} {code[9]}", pdfText);

        await page.ClickAsync("#go-login");
        await page.FillAsync("#Code", code);
        await page.FillAsync("#Password", password);
        await BrowserFixture.GuideScreenshotAsync(page, "5-giris");
        await page.ClickAsync("#login-submit");
        await Expect(page.Locator("#forced-change")).ToBeVisibleAsync();
        await page.FillAsync("#CurrentPassword", password);
        await page.FillAsync("#NewPassword", "qırmızı alma ağacı");
        await page.FillAsync("#ConfirmPassword", "qırmızı alma ağacı");
        await BrowserFixture.GuideScreenshotAsync(page, "6-sifre");
        await page.ClickAsync("#change-password");

        await Expect(page).ToHaveURLAsync(new Regex("/kabinet$"));
        await Expect(page.Locator("#greeting")).ToHaveTextAsync("Salam, Leyla!");
        await Expect(page.Locator("[data-account='1002003010']")).ToBeVisibleAsync();
        await Expect(page.Locator("#total-owed")).ToHaveTextAsync("47,50 AZN");
        await BrowserFixture.GuideScreenshotAsync(page, "7-kabinet");

        // The cabinet on a 375-px phone, in every language.
        await page.SetViewportSizeAsync(375, 740);
        foreach (var culture in new[] { "ru", "en", "az" })
        {
            await page.GotoAsync("/");
            await page.ClickAsync("button.navbar-toggler");
            // The menu opens with a transition; its buttons take clicks once it is shown.
            await Expect(page.Locator("#mainNav")).ToHaveClassAsync(new Regex(@"\bshow\b"));
            await page.ClickAsync($"button[data-culture={culture}]");
            // The switch is a form post answered with a redirect back: wait for it, or the next navigation cancels it.
            await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", culture);
            foreach (var url in new[] { "/kabinet", "/kabinet/hesablar", "/kabinet/sifre" })
            {
                await page.GotoAsync(url);
                await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", culture);
                var width = await page.EvaluateAsync<int>("document.documentElement.scrollWidth");
                Assert.True(width <= 375, $"{url} is {width}px wide in {culture}");
            }
        }

        await page.GotoAsync("/kabinet");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.ArtifactsFolder, "cabinet-375.png"), FullPage = true });
    });

    [Theory]
    [InlineData("az", "Real rejimdə qeydiyyat")]
    [InlineData("ru", "Регистрация в реальном времени")]
    [InlineData("en", "Real-time registration")]
    public Task RegistrationAndLogin_AreLocalized_AndFitA375PixelPhone(string culture, string heading) => browser.RunAsync(async page =>
    {
        await page.GotoAsync("/");
        await page.ClickAsync("button.navbar-toggler");
        await Expect(page.Locator("#mainNav")).ToHaveClassAsync(new Regex(@"\bshow\b"));
        await page.ClickAsync($"button[data-culture={culture}]");
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", culture);
        foreach (var url in new[] { "/odenis-xidmetleri/qeydiyyat", "/odenis-xidmetleri/giris", "/odenis-xidmetleri", "/odenis-mexanizmleri" })
        {
            await page.GotoAsync(url);
            await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", culture);
            var width = await page.EvaluateAsync<int>("document.documentElement.scrollWidth");
            Assert.True(width <= 375, $"{url} is {width}px wide in {culture}");
        }

        await page.GotoAsync("/odenis-xidmetleri/qeydiyyat");
        await Expect(page.Locator("h1")).ToHaveTextAsync(heading);
    }, width: 375, height: 740);

    private async Task<DemoPerson> SeedPersonWithAccountsAsync(string fin, string series, string number, params (string Biller, string Number)[] accounts)
    {
        var person = new DemoPerson("Leyla", "Həsənova", "Kamran qızı", fin, series, number, DateOnly.FromDateTime(DateTime.UtcNow).AddYears(3));
        browser.Services.GetRequiredService<SandboxIdentityRegistry>().Add(person);
        await using var scope = browser.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<KomisDbContext>();
        foreach (var (billerCode, accountNumber) in accounts)
        {
            if (await db.BillerAccounts.AnyAsync(a => a.AccountNumber == accountNumber))
            {
                continue;
            }

            var biller = await db.Billers.SingleAsync(b => b.Code == billerCode);
            db.BillerAccounts.Add(BillerAccount.Open(biller, accountNumber, person.FullName, "Gəncə, Atatürk pr. 12, m. 7", null, DateTimeOffset.UtcNow.AddHours(-2),
                [new ChargeData(new BillingPeriod(2026, 10), billerCode == "AZERIQAZ" ? 30.00m : 17.50m, new DateOnly(2026, 11, 20))]));
        }

        await db.SaveChangesAsync();
        return person;
    }

    private static int CountPdfPages(byte[] pdf) =>
        Regex.Matches(System.Text.Encoding.Latin1.GetString(pdf), "/Type\\s*/Page[^s]").Count;
}
