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
