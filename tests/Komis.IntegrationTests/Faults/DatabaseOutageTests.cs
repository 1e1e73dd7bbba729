using System.Diagnostics;
using System.Net;
using Komis.IntegrationTests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;
using Npgsql;
using Xunit.Abstractions;
using static Komis.IntegrationTests.Citizens.CitizenWorld;

namespace Komis.IntegrationTests.Faults;

/// <summary>
/// PostgreSQL goes away under a running node and comes back. The node runs on a connection string that passes
/// through a loopback relay the test cuts: every open connection dies and new ones are refused, as in a restart.
/// </summary>
[Trait("Category", "Faults")]
public sealed class DatabaseOutageTests(KomisAppFactory app, ITestOutputHelper output) : IntegrationTest(app)
{
    [Fact]
    public async Task DuringAnOutage_PeopleAndBillersGetAFriendly503_NothingIsHalfWritten_AndTheNodeRecoversByItself()
    {
        var (code, password) = await RegisteredAsync();
        var key = await App.IssueApiKeyAsync("AZERIQAZ");
        var target = new NpgsqlConnectionStringBuilder(App.ConnectionString);
        await using var relay = new TcpOutage(target.Host!, target.Port);
        var throughRelay = new NpgsqlConnectionStringBuilder(App.ConnectionString)
        {
            Host = "127.0.0.1", Port = relay.Port, Timeout = 2, CommandTimeout = 5,
        }.ConnectionString;
        await using var node = App.SecondNode(throughRelay);
        using var citizen = node.CreateFormClient(new CookieContainer());
        using var biller = node.CreateClient(new WebApplicationFactoryClientOptions { BaseAddress = new Uri("https://localhost") });
        biller.DefaultRequestHeaders.Authorization = new("Bearer", key);
        Assert.Equal(HttpStatusCode.OK, (await citizen.GetAsync("/health/ready")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await LoginAsync(citizen, code, "not-the-password")).StatusCode);

        relay.Cut();

        var login = await LoginAsync(citizen, code, password);
        var loginPage = await login.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.ServiceUnavailable, login.StatusCode);
        Assert.Equal("5", login.Headers.GetValues("Retry-After").Single());
        Assert.Contains("Xidmət müvəqqəti əlçatan deyil", loginPage);
        Assert.DoesNotContain("Npgsql", loginPage);
        Assert.DoesNotContain("Exception", loginPage);
        var put = await biller.PutAsync("/api/v1/accounts/1009998887", System.Net.Http.Json.JsonContent.Create(new
        {
            holderName = "Outage Test", address = "Bakı", asOf = DateTimeOffset.UtcNow,
            charges = new[] { new { period = "2026-10", amount = 1.00m, dueDate = "2026-11-20" } },
        }));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, put.StatusCode);
        Assert.Equal("application/problem+json", put.Content.Headers.ContentType?.MediaType);
        Assert.DoesNotContain("Npgsql", await put.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await citizen.GetAsync("/health/ready")).StatusCode);

        relay.Restore();
        var clock = Stopwatch.StartNew();
        while ((await citizen.GetAsync("/health/ready")).StatusCode != HttpStatusCode.OK && clock.Elapsed < TimeSpan.FromSeconds(30))
        {
            await Task.Delay(100);
        }

        output.WriteLine($"fault: database outage: recovered {clock.ElapsedMilliseconds} ms after the database returned");
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"recovered only after {clock.Elapsed}");
        Assert.Equal("/kabinet/sifre", (await LoginAsync(citizen, code, password)).LocationPath());
        Assert.Equal(HttpStatusCode.NotFound, (await biller.GetAsync("/api/v1/accounts/1009998887")).StatusCode); // the refused PUT left nothing
    }

    private async Task<(string Code, string Password)> RegisteredAsync()
    {
        var person = NewPerson(App);
        await NewAccountAsync(App, "AZERIQAZ", "1002003004", null, (2026, 10, 5m));
        using var client = App.CreateFormClient();
        return await RegisterAsync(client, person, ("AZERIQAZ", "1002003004"));
    }
}
