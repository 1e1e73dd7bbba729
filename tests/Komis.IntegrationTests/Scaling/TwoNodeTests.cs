using System.Net;
using Komis.IntegrationTests.Infrastructure;
using Komis.Web.Integrations.Sandbox;
using Komis.Web.Outbox;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using static Komis.IntegrationTests.Citizens.CitizenWorld;
using static Komis.IntegrationTests.Payments.PaymentWorld;

namespace Komis.IntegrationTests.Scaling;

/// <summary>
/// Two app instances on one database and nothing else in common: no sticky sessions, no shared memory.
/// Each node is its own host with its own services and background workers.
/// </summary>
[Trait("Category", "Faults")]
public sealed class TwoNodeTests(KomisAppFactory app, Xunit.Abstractions.ITestOutputHelper output) : IntegrationTest(app)
{
    [Fact]
    public async Task ALoginOnOneNode_IsValidOnTheOther_AndAFormFromOneIsAcceptedByTheOther()
    {
        var person = NewPerson(App);
        await NewAccountAsync(App, "AZERIQAZ", "1002003004", null, (2026, 10, 5m));
        using var registration = App.CreateFormClient();
        var (code, password) = await RegisterAsync(registration, person, ("AZERIQAZ", "1002003004"));
        await using var nodeA = App.SecondNode();
        await using var nodeB = App.SecondNode();
        var jar = new CookieContainer();
        using var onA = nodeA.CreateFormClient(jar);
        using var onB = nodeB.CreateFormClient(jar);

        var login = await LoginAsync(onA, code, password);
        Assert.Equal("/kabinet/sifre", login.LocationPath());

        // The password form comes from node A and is posted to node B: its antiforgery token and the session
        // cookie are both read with the key ring kept in PostgreSQL.
        var form = await onA.GetPageAsync("/kabinet/sifre");
        var changed = await onB.Http.PostAsync("/kabinet/sifre", new FormUrlEncodedContent(
        [
            new("CurrentPassword", password), new("NewPassword", NewPassword), new("ConfirmPassword", NewPassword),
            new("__RequestVerificationToken", FormClient.AntiforgeryToken(form)),
        ]));
        Assert.Equal(HttpStatusCode.Redirect, changed.StatusCode);

        var cabinetOnB = await onB.GetAsync("/kabinet");
        var cabinetOnA = await onA.GetAsync("/kabinet");
        Assert.Equal(HttpStatusCode.OK, cabinetOnB.StatusCode);
        Assert.Contains(code, await cabinetOnB.Content.ReadAsStringAsync());
        Assert.Equal(HttpStatusCode.OK, cabinetOnA.StatusCode);
        using var stranger = nodeB.CreateFormClient(new CookieContainer());
        Assert.StartsWith("/odenis-xidmetleri/giris", (await stranger.GetAsync("/kabinet")).LocationPath());
        output.WriteLine("fault: two nodes: login on node A, password form from A posted to B, cabinet open on both");
    }

    [Fact]
    public async Task BothNodesRunTheOutboxDispatcher_AndEachPaymentReachesTheBillerOnce_InOrder()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Secret = await App.SetWebhookAsync("AZERIQAZ", receiver.Url);
        using var citizen = await CitizenWithAccountsAsync(App, ("AZERIQAZ", "1002003004", [(2026, 6, 1m), (2026, 7, 2m), (2026, 8, 3m), (2026, 9, 4m), (2026, 10, 5m)]));
        var gas = await AccountIdAsync(App, "1002003004");
        for (var month = 6; month <= 10; month++)
        {
            await PayAsync(citizen, SandboxAcquirer.ApprovedCard, (gas, [($"2026-{month:00}", (month - 5).ToString())], null));
        }

        var paid = await App.WithDbAsync(db => db.OutboxMessages.OrderBy(m => m.Id).Select(m => m.PaymentId).ToListAsync());
        Assert.Equal(5, paid.Count);

        // Two running nodes, each with the dispatcher switched on and polling every 20 ms.
        await using var nodeA = WithDispatcher(App.SecondNode());
        await using var nodeB = WithDispatcher(App.SecondNode());
        _ = nodeA.Services;
        _ = nodeB.Services;
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (receiver.Accepted.Count < paid.Count && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        await Task.Delay(500); // both keep polling: nothing may be sent twice

        Assert.Equal(paid, receiver.Accepted.Select(a => Guid.Parse(a.Key)).ToList());
        Assert.Equal(paid.Count, receiver.Attempts);
        Assert.Equal(0, receiver.BadSignatures); // node A and B sign with the secret App protected: one key ring
        Assert.Equal(paid.Count, await App.WithDbAsync(db => db.OutboxMessages.CountAsync(m => m.DeliveredVia == "webhook")));
        output.WriteLine($"fault: two nodes: {paid.Count} payments acknowledged, {receiver.Accepted.Count} delivered, {receiver.Attempts} webhook calls (each once, in order)");
    }

    [Fact]
    public async Task TwoProcesses_OnTheirOwnPorts_ShareTheSession_AndDeliverEachPaymentOnce()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Secret = await App.SetWebhookAsync("AZERIQAZ", receiver.Url);
        (await CitizenWithAccountsAsync(App, ("AZERIQAZ", "1002003004", [(2026, 10, 30m)]))).Dispose(); // registered, password changed

        var code = await App.WithDbAsync(db => db.Subscribers.Select(x => x.Code).SingleAsync());
        await using var a = await Faults.KomisProcess.StartAsync(App.ConnectionString);
        await using var b = await Faults.KomisProcess.StartAsync(App.ConnectionString);
        var jar = new CookieContainer(); // one browser; cookies are per host, not per port
        using var onA = Faults.KomisProcess.Client(a.BaseAddress, jar);
        using var onB = Faults.KomisProcess.Client(b.BaseAddress, jar);

        Assert.Equal("/kabinet", (await LoginAsync(onA, code, NewPassword)).LocationPath());
        var cabinetOnB = await onB.GetAsync("/kabinet");
        Assert.Equal(HttpStatusCode.OK, cabinetOnB.StatusCode);
        Assert.Contains(code, await cabinetOnB.Content.ReadAsStringAsync());
        var gas = await AccountIdAsync(App, "1002003004");
        for (var i = 1; i <= 3; i++)
        {
            await PayAsync(i % 2 == 0 ? onB : onA, SandboxAcquirer.ApprovedCard, (gas, [("2026-10", "1")], null));
        }

        var paid = await App.WithDbAsync(db => db.OutboxMessages.OrderBy(m => m.Id).Select(m => m.PaymentId).ToListAsync());
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (receiver.Accepted.Count < paid.Count && DateTime.UtcNow < deadline)
        {
            await Task.Delay(50);
        }

        await Task.Delay(500); // both processes keep polling
        Assert.Equal(3, paid.Count);
        Assert.Equal(paid, receiver.Accepted.Select(x => Guid.Parse(x.Key)).ToList());
        Assert.Equal(paid.Count, receiver.Attempts);
        output.WriteLine($"fault: two processes on ports {a.BaseAddress.Port} and {b.BaseAddress.Port}: login on one valid on the other; " +
            $"{paid.Count} payments (paid on both), {receiver.Accepted.Count} delivered, {receiver.Attempts} webhook calls");
    }

    private static WebApplicationFactory<Program> WithDispatcher(KomisAppFactory node) =>
        node.WithWebHostBuilder(b => b
            .UseSetting("Komis:Outbox:Enabled", "true")
            .UseSetting("Komis:Outbox:PollInterval", "00:00:00.020"));
}
