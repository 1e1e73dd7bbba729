using Komis.BrowserTests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Komis.BrowserTests.Shell;

[Collection(BrowserCollection.Name)]
public sealed class HomePageTests(BrowserFixture browser)
{
    [Fact]
    public Task Home_SwitchToEnglishAndBack_ChangesTextAndHtmlLang() => browser.RunAsync(async page =>
    {
        await page.GotoAsync("/");
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "az");
        await Expect(page.Locator("h1")).ToHaveTextAsync("Bütün kommunal ödənişlər bir yerdə");

        await page.ClickAsync("button[data-culture=en]");
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "en");
        await Expect(page.Locator("h1")).ToHaveTextAsync("All utility payments in one place");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.ArtifactsFolder, "home-en.png") });

        await page.ClickAsync("button[data-culture=az]");
        await Expect(page.Locator("html")).ToHaveAttributeAsync("lang", "az");
        await Expect(page.Locator("h1")).ToHaveTextAsync("Bütün kommunal ödənişlər bir yerdə");
    });

    [Fact]
    public Task PaymentServices_OnAPhoneScreen_ShowsBothEntryPoints() => browser.RunAsync(async page =>
    {
        await page.GotoAsync("/");
        // On a 375-px screen the menu folds into the toggler; the page must still lead to registration and login.
        await page.ClickAsync("button.navbar-toggler");
        await page.ClickAsync("text=Ödəniş xidmətləri");
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/odenis-xidmetleri$"));
        await Expect(page.Locator("#register-link")).ToBeVisibleAsync();
        await Expect(page.Locator("#login-link")).ToBeVisibleAsync();
        var scrollWidth = await page.EvaluateAsync<int>("document.documentElement.scrollWidth");
        Assert.True(scrollWidth <= 375, $"the page is {scrollWidth}px wide on a 375px screen");
    }, width: 375, height: 740);
}
