using System.Net;
using Komis.IntegrationTests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Komis.IntegrationTests.Citizens;

public sealed class RateLimitTests(KomisAppFactory app) : IntegrationTest(app)
{
    [Theory]
    [InlineData("/odenis-xidmetleri/giris", "Komis:RateLimits:LoginPerMinute", "Code")]
    [InlineData("/odenis-xidmetleri/qeydiyyat", "Komis:RateLimits:RegistrationPerMinute", "Number")]
    public async Task Attempts_OverTheLimitPerAddress_Get429_WithAFriendlyPage(string url, string setting, string field)
    {
        await using var limited = App.WithWebHostBuilder(b => b.UseSetting(setting, "3"));
        using var client = new FormClient(limited.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://localhost"), AllowAutoRedirect = false }));

        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 5; i++)
        {
            statuses.Add((await client.PostFormAsync(url, url, [new(field, "123")])).StatusCode);
        }

        Assert.True(!statuses.Take(3).Contains(HttpStatusCode.TooManyRequests) && statuses[4] == HttpStatusCode.TooManyRequests, string.Join(",", statuses));
        Assert.Equal(HttpStatusCode.TooManyRequests, statuses[4]);
        var page = await client.PostFormAsync(url, url, [new(field, "123")]);
        Assert.Contains("Çox sayda sorğu göndərildi.", await page.Content.ReadAsStringAsync());
        // Looking at the form is never limited.
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync(url)).StatusCode);
    }
}

public sealed class BillerApiRateLimitTests(KomisAppFactory app) : IntegrationTest(app)
{
    [Fact]
    public async Task BillerApi_OverTheLimitPerKey_Gets429ProblemDetails_WhileAnotherKeyGoesOn()
    {
        await using var limited = App.WithWebHostBuilder(b => b.UseSetting("Komis:RateLimits:BillerApiPerMinute", "3"));
        HttpClient ClientWith(string key)
        {
            var client = limited.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://localhost") });
            client.DefaultRequestHeaders.Authorization = new("Bearer", key);
            return client;
        }

        using var first = ClientWith(await App.IssueApiKeyAsync("AZERIQAZ"));
        using var second = ClientWith(await App.IssueApiKeyAsync("AZERSU"));
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 5; i++)
        {
            statuses.Add((await first.GetAsync("/api/v1/payments")).StatusCode);
        }

        var other = await second.GetAsync("/api/v1/payments");

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests], statuses);
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
        var limitedAnswer = await first.GetAsync("/api/v1/payments");
        Assert.Equal("application/problem+json", limitedAnswer.Content.Headers.ContentType?.MediaType);
    }
}
