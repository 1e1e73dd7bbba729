using Komis.BrowserTests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Komis.BrowserTests.Billers;

[Collection(BrowserCollection.Name)]
public sealed class ApiDocsPageTests(BrowserFixture browser)
{
    [Fact]
    public Task ApiDocs_RendersTheBillerApiReference_UnderTheContentSecurityPolicy() => browser.RunAsync(async page =>
    {
        var violations = new List<string>();
        page.Console += (_, message) =>
        {
            if (message.Type == "error")
            {
                violations.Add(message.Text);
            }
        };

        await page.GotoAsync("/api/docs");

        // The document's title, drawn from /openapi/v1.json, and every endpoint group.
        await Expect(page.Locator("h1", new() { HasText = "Komis biller API" })).ToBeVisibleAsync(new() { Timeout = 15_000 });
        foreach (var group in new[] { "Accounts", "Registry", "Payments" })
        {
            await Expect(page.GetByText(group, new() { Exact = true }).First).ToBeVisibleAsync();
        }
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(BrowserFixture.ArtifactsFolder, "api-docs.png") });
        // Scalar's third-party web fonts are blocked on purpose (font-src 'self'); no script may be.
        var scriptViolations = violations.Where(v => v.Contains("script-src", StringComparison.Ordinal)).ToList();
        Assert.True(scriptViolations.Count == 0, string.Join("\n", scriptViolations));
    });
}
