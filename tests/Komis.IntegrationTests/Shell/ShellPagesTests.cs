using System.Net;
using Komis.IntegrationTests.Infrastructure;

namespace Komis.IntegrationTests.Shell;

public sealed class ShellPagesTests(KomisAppFactory app) : IntegrationTest(app)
{
    [Theory]
    [InlineData("/", "Bütün kommunal ödənişlər bir yerdə")]
    [InlineData("/odenis-xidmetleri", "Qeydiyyatdan keç")]
    [InlineData("/odenis-mexanizmleri", "Ödəniş mexanizmləri")]
    public async Task Page_RendersInAzerbaijaniByDefault(string url, string expectedText)
    {
        using var client = App.CreateFormClient();

        var html = await client.GetPageAsync(url);

        Assert.Contains("<html lang=\"az\">", html);
        Assert.Contains(expectedText, html);
        Assert.Contains("/lib/bootstrap/bootstrap.min.css", html);
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/odenis-xidmetleri")]
    [InlineData("/odenis-mexanizmleri")]
    [InlineData("/odenis-xidmetleri/giris")]
    [InlineData("/odenis-xidmetleri/qeydiyyat")]
    [InlineData("/staff/giris")]
    [InlineData("/api/docs")]
    public async Task Head_OnAPage_AnswersWithItsStatusAndHeaders(string url)
    {
        using var client = App.CreateFormClient();

        var get = await client.GetAsync(url);
        var head = await client.Http.SendAsync(new HttpRequestMessage(HttpMethod.Head, url));

        Assert.Equal(HttpStatusCode.OK, get.StatusCode);
        Assert.Equal(HttpStatusCode.OK, head.StatusCode);
        Assert.Equal(get.Content.Headers.ContentType?.ToString(), head.Content.Headers.ContentType?.ToString());
        Assert.True(head.Headers.Contains("Content-Security-Policy"));
    }

    [Fact]
    public async Task Head_LeadsWhereGetDoes_AndAFormOnlyAddressStillRefusesIt()
    {
        using var client = App.CreateFormClient();

        var cabinet = await client.Http.SendAsync(new HttpRequestMessage(HttpMethod.Head, "/kabinet"));
        var unknown = await client.Http.SendAsync(new HttpRequestMessage(HttpMethod.Head, "/no-such-page"));
        var formOnly = await client.Http.SendAsync(new HttpRequestMessage(HttpMethod.Head, "/dil"));

        Assert.StartsWith("/odenis-xidmetleri/giris", cabinet.LocationPath());
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, formOnly.StatusCode);
    }

    [Fact]
    public async Task PaymentServices_OffersRegistrationAndLogin()
    {
        using var client = App.CreateFormClient();

        var html = await client.GetPageAsync("/odenis-xidmetleri");

        Assert.Contains("href=\"/odenis-xidmetleri/qeydiyyat\"", html);
        Assert.Contains("href=\"/odenis-xidmetleri/giris\"", html);
    }

    [Theory]
    [InlineData("en", "All utility payments in one place")]
    [InlineData("ru", "Все коммунальные платежи в одном месте")]
    public async Task LanguageSwitch_StoresTheCultureCookie_AndPagesFollowIt(string culture, string expectedHeading)
    {
        using var client = App.CreateFormClient();

        var response = await client.PostFormAsync("/", "/dil", [new("culture", culture), new("returnUrl", "/")]);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/", response.Headers.Location?.OriginalString);
        var html = await client.GetPageAsync("/");
        Assert.Contains($"<html lang=\"{culture}\">", html);
        Assert.Contains(expectedHeading, html);
    }

    [Fact]
    public async Task LanguageSwitch_WithoutAntiforgeryToken_IsRefused()
    {
        using var client = App.CreateFormClient();

        var response = await client.Http.PostAsync("/dil", new FormUrlEncodedContent([new("culture", "en")]));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Theory]
    [InlineData("https://evil.example/")]
    [InlineData("//evil.example/")]
    public async Task LanguageSwitch_NeverRedirectsOffSite(string returnUrl)
    {
        using var client = App.CreateFormClient();

        var response = await client.PostFormAsync("/", "/dil", [new("culture", "en"), new("returnUrl", returnUrl)]);

        Assert.Equal("/", response.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task LanguageSwitch_UnknownCulture_Is400()
    {
        using var client = App.CreateFormClient();

        var response = await client.PostFormAsync("/", "/dil", [new("culture", "xx")]);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task UnknownPage_Is404_WithAFriendlyLocalizedPage()
    {
        using var client = App.CreateFormClient();

        var response = await client.GetAsync("/no-such-page");
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains("Axtardığınız səhifə tapılmadı.", html);
        Assert.Contains("<html lang=\"az\">", html);
    }

    [Fact]
    public async Task ErrorPage_For500_SaysNothingAboutInternals()
    {
        using var client = App.CreateFormClient();

        var response = await client.GetAsync("/xeta/500");
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Contains("Gözlənilməz xəta baş verdi.", html);
        Assert.DoesNotContain("Exception", html);
        Assert.DoesNotContain("at Komis.", html);
    }

    [Theory]
    [InlineData("/health/live")]
    [InlineData("/health/ready")]
    public async Task Health_IsHealthy_WhenTheDatabaseAnswers(string url)
    {
        using var client = App.CreateFormClient();

        var response = await client.GetAsync(url);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Pages_CarryTheSecurityHeaders()
    {
        using var client = App.CreateFormClient();

        var response = await client.GetAsync("/");

        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Contains("frame-ancestors 'none'", response.Headers.GetValues("Content-Security-Policy").Single());
        Assert.DoesNotContain("unsafe-inline", response.Headers.GetValues("Content-Security-Policy").Single());
        Assert.Contains("object-src 'none'", response.Headers.GetValues("Content-Security-Policy").Single());
        Assert.Contains("base-uri 'none'", response.Headers.GetValues("Content-Security-Policy").Single());
        Assert.Equal("no-referrer", response.Headers.GetValues("Referrer-Policy").Single());
    }

    [Theory]
    [InlineData("/")]
    [InlineData("/api/docs")]
    [InlineData("/odenis-xidmetleri/giris")]
    [InlineData("/staff/giris")]
    public async Task EveryScript_CarriesThisResponsesNonce_AndNoScriptIsInline(string url)
    {
        using var client = App.CreateFormClient();

        var first = await client.GetAsync(url);
        var second = await client.GetAsync(url);
        var html = await first.Content.ReadAsStringAsync();

        var policy = first.Headers.GetValues("Content-Security-Policy").Single();
        var nonce = System.Text.RegularExpressions.Regex.Match(policy, "script-src 'self' 'nonce-([0-9A-F]{32})' 'strict-dynamic';").Groups[1].Value;
        Assert.NotEqual("", nonce);
        Assert.DoesNotContain(nonce, second.Headers.GetValues("Content-Security-Policy").Single()); // fresh per response
        var scripts = System.Text.RegularExpressions.Regex.Matches(html, "<script\\b[^>]*>([\\s\\S]*?)</script>");
        Assert.NotEmpty(scripts);
        Assert.All(scripts, s => Assert.Contains($"nonce=\"{nonce}\"", s.Value));
        // Executable scripts come from files only; the one body allowed is Scalar's JSON configuration block.
        Assert.All(scripts, s => Assert.True(s.Groups[1].Value.Trim().Length == 0 || s.Value.Contains("type=\"application/json\""), s.Value));
    }
}

public sealed class PaymentMechanismsTests(KomisAppFactory app) : IntegrationTest(app)
{
    [Fact]
    public async Task Guides_ShowEveryStepWithAScreenshotThatExists_AndTheConfiguredVideos()
    {
        using var client = App.CreateFormClient();

        var html = await client.GetPageAsync("/odenis-mexanizmleri");

        var images = System.Text.RegularExpressions.Regex.Matches(html, "src=\"(/img/guides/[^\"?]+)").Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(8, images.Count);
        foreach (var image in images)
        {
            var response = await client.GetAsync(image);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("image/png", response.Content.Headers.ContentType?.MediaType);
        }

        Assert.Contains("<video controls", html);
        Assert.Contains("Qeydiyyat və ilk giriş", html);
        var video = await client.GetAsync("/video/qeydiyyat-ve-giris.webm");
        Assert.Equal("video/webm", video.Content.Headers.ContentType?.MediaType);
        Assert.True((await video.Content.ReadAsByteArrayAsync()).Length > 10_000);
    }
}
