using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Komis.IntegrationTests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Komis.IntegrationTests.Billers;

public sealed class BillerApiAuthTests(KomisAppFactory app) : IntegrationTest(app)
{
    private static readonly object Body = new
    {
        holderName = "Məmmədov Əli Vüqar oğlu",
        address = "Bakı, Nizami küç. 10, m. 5",
        asOf = DateTimeOffset.UtcNow.AddMinutes(-1),
        charges = new[] { new { period = "2026-10", amount = 12.50m, dueDate = "2026-11-20" } },
    };

    [Fact]
    public async Task Request_WithoutKey_Is401_WithProblemDetails()
    {
        using var client = Anonymous();

        var response = await client.GetAsync("/api/v1/accounts/1002003004");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
    }

    [Theory]
    [InlineData("kms_AAAAAAAAAAAA_BBBBBBBBBBBBBBBBBBBBBBBBBBBBBBBB")]
    [InlineData("not-a-key")]
    [InlineData("")]
    public async Task Request_WithWrongKey_Is401(string key)
    {
        using var client = Anonymous();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);

        var response = await client.GetAsync("/api/v1/accounts/1002003004");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Request_WithAlteredKey_Is401()
    {
        var key = await App.IssueApiKeyAsync("AZERIQAZ");
        using var client = Anonymous();
        var altered = key[..^1] + (key[^1] == 'A' ? 'B' : 'A');
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", altered);

        var response = await client.GetAsync("/api/v1/accounts/1002003004");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Request_WithRevokedKey_Is401()
    {
        var key = await App.IssueApiKeyAsync("AZERIQAZ");
        await App.WithDbAsync(async db =>
        {
            var stored = db.BillerApiKeys.Single();
            stored.Revoke(DateTimeOffset.UtcNow);
            return await db.SaveChangesAsync();
        });
        using var client = Anonymous();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);

        var response = await client.GetAsync("/api/v1/accounts/1002003004");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Key_IsStoredOnlyAsAHash()
    {
        var key = await App.IssueApiKeyAsync("AZERIQAZ");

        var stored = await App.WithDbAsync(db => Task.FromResult(db.BillerApiKeys.Single()));

        Assert.Equal(32, stored.Hash.Length);
        Assert.DoesNotContain(Convert.ToHexString(stored.Hash), key, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(key.Substring(4, 12), stored.Prefix);
        Assert.DoesNotContain(key[17..], stored.Prefix);
    }

    [Fact]
    public async Task Key_ReachesOnlyItsOwnBiller_AnotherBillersAccountIs404()
    {
        using var azeriqaz = await App.CreateBillerClientAsync("AZERIQAZ");
        using var azersu = await App.CreateBillerClientAsync("AZERSU");
        (await azeriqaz.PutAsJsonAsync("/api/v1/accounts/1002003004", Body)).EnsureSuccessStatusCode();

        Assert.Equal(HttpStatusCode.OK, (await azeriqaz.GetAsync("/api/v1/accounts/1002003004")).StatusCode);
        var foreign = await azersu.GetAsync("/api/v1/accounts/1002003004");
        Assert.Equal(HttpStatusCode.NotFound, foreign.StatusCode);
        Assert.DoesNotContain("Məmmədov", await foreign.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Put_ToAnotherBillersAccountNumber_CreatesOnlyInTheCallersOwnBiller()
    {
        using var azeriqaz = await App.CreateBillerClientAsync("AZERIQAZ");
        using var azersu = await App.CreateBillerClientAsync("AZERSU");
        (await azeriqaz.PutAsJsonAsync("/api/v1/accounts/1002003004", Body)).EnsureSuccessStatusCode();

        // 1002003004 is not an AZERSU number: the other biller cannot touch it, and gets a format error.
        var response = await azersu.PutAsJsonAsync("/api/v1/accounts/1002003004", Body);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var count = await App.WithDbAsync(db => Task.FromResult(db.BillerAccounts.Count()));
        Assert.Equal(1, count);
    }

    private HttpClient Anonymous() =>
        App.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://localhost") });
}
