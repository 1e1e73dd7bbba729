using System.Net;
using Komis.IntegrationTests.Infrastructure;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Xunit.Abstractions;
using static Komis.IntegrationTests.Citizens.CitizenWorld;
using static Komis.IntegrationTests.Payments.PaymentWorld;

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
        var confirmFields = await AtTheConfirmStepAsync(App, citizen, code, password);

        // A steady load of readers on the node, before, during and after the outage.
        var load = RequestLoad.Start(citizen, 4, "/kabinet", "/health/ready");
        await Task.Delay(200);

        relay.Cut();
        await Task.Delay(200);

        var confirm = await ConfirmAsync(citizen, confirmFields); // the citizen presses "pay" during the outage
        var confirmPage = await confirm.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.ServiceUnavailable, confirm.StatusCode);
        Assert.Equal("5", confirm.Headers.GetValues("Retry-After").Single());
        Assert.Contains("Xidmət müvəqqəti əlçatan deyil", confirmPage);
        Assert.DoesNotContain("Npgsql", confirmPage);
        Assert.DoesNotContain("Exception", confirmPage);
        var put = await biller.PutAsync("/api/v1/accounts/1009998887", System.Net.Http.Json.JsonContent.Create(new
        {
            holderName = "Outage Test", address = "Bakı", asOf = DateTimeOffset.UtcNow,
            charges = new[] { new { period = "2026-10", amount = 1.00m, dueDate = "2026-11-20" } },
        }));
        Assert.Equal(HttpStatusCode.ServiceUnavailable, put.StatusCode);
        Assert.Equal("application/problem+json", put.Content.Headers.ContentType?.MediaType);
        Assert.DoesNotContain("Npgsql", await put.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await citizen.GetAsync("/health/ready")).StatusCode);
        await Task.Delay(300);

        relay.Restore();
        var recovered = await RequestLoad.TimeUntilReadyAsync(citizen);
        await Task.Delay(300);
        await load.StopAsync();

        Assert.True(recovered < TimeSpan.FromSeconds(10), $"recovered only after {recovered}");
        load.AssertOnlyOkOr503_AndSomeOf503();
        Assert.Equal(HttpStatusCode.OK, (await citizen.GetAsync("/kabinet")).StatusCode); // still signed in
        Assert.Equal(0, await App.WithDbAsync(db => db.PaymentOrders.CountAsync())); // the refused "pay" left nothing
        Assert.Equal(0, await App.WithDbAsync(db => db.Payments.CountAsync()));
        Assert.Equal(HttpStatusCode.NotFound, (await biller.GetAsync("/api/v1/accounts/1009998887")).StatusCode); // nor the refused PUT
        var paidAfter = await ConfirmAsync(citizen, confirmFields); // pressing "pay" again now works
        Assert.StartsWith("/sandbox/acquirer/pay/", paidAfter.LocationPath());
        output.WriteLine($"fault: database outage: {load.Summary()}; recovered {recovered.TotalMilliseconds:0} ms after the database returned; nothing half-written");
    }

    private async Task<(string Code, string Password)> RegisteredAsync()
    {
        var person = NewPerson(App);
        await NewAccountAsync(App, "AZERIQAZ", "1002003004", null, (2026, 10, 5m));
        using var client = App.CreateFormClient();
        return await RegisterAsync(client, person, ("AZERIQAZ", "1002003004"));
    }
}
