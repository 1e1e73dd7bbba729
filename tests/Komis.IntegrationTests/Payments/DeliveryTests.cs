using System.Net;
using System.Net.Http.Json;
using Komis.IntegrationTests.Infrastructure;
using Komis.Web.Api.Contracts;
using Komis.Web.Outbox;
using Komis.Web.Integrations.Sandbox;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using static Komis.IntegrationTests.Payments.PaymentWorld;

namespace Komis.IntegrationTests.Payments;

public sealed class DeliveryTests(KomisAppFactory app) : IntegrationTest(app)
{
    [Fact]
    public async Task Webhook_FailingTheFirstAttempts_StillGetsEachPaymentExactlyOnce_InOrder()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Secret = await App.SetWebhookAsync("AZERIQAZ", receiver.Url);
        receiver.FailFirst = 3;
        var paymentIds = await PayThreeTimesAsync();

        var dispatcher = App.Services.GetRequiredService<OutboxDispatcher>();
        for (var round = 0; round < 50 && receiver.Accepted.Count < 3; round++)
        {
            await dispatcher.DispatchOnceAsync(CancellationToken.None);
            await Task.Delay(60); // the test back-off starts at 50 ms
        }

        Assert.Equal(paymentIds, receiver.Accepted.Select(a => Guid.Parse(a.Key)).ToList()); // each once, in payment order
        Assert.Equal(6, receiver.Attempts); // 3 refused + 3 accepted
        Assert.Equal(0, receiver.BadSignatures);
        Assert.All(receiver.Accepted, a => Assert.Equal("payment.paid", a.Event));
        Assert.Equal(3, await App.WithDbAsync(db => db.OutboxMessages.CountAsync(m => m.DeliveredVia == "webhook")));
        for (var i = 0; i < 3; i++)
        {
            await dispatcher.DispatchOnceAsync(CancellationToken.None); // nothing is sent again
        }

        Assert.Equal(6, receiver.Attempts);
    }

    [Fact]
    public async Task TwoDispatchersAtOnce_DeliverEachMessageOnce()
    {
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Secret = await App.SetWebhookAsync("AZERIQAZ", receiver.Url);
        await PayThreeTimesAsync();
        var first = App.Services.GetRequiredService<OutboxDispatcher>();
        var second = NewDispatcher(); // another app instance, in effect

        await Task.WhenAll(
            Task.Run(async () => { for (var i = 0; i < 20; i++) await first.DispatchOnceAsync(CancellationToken.None); }),
            Task.Run(async () => { for (var i = 0; i < 20; i++) await second.DispatchOnceAsync(CancellationToken.None); }));

        Assert.Equal(3, receiver.Accepted.Count);
        Assert.Equal(3, receiver.Accepted.Select(a => a.Key).Distinct().Count());
        Assert.Equal(3, receiver.Attempts);
    }

    [Fact]
    public async Task ABillerThatIsDown_HoldsUpOnlyItsOwnQueue()
    {
        await using var gasHook = await WebhookReceiver.StartAsync();
        await using var waterHook = await WebhookReceiver.StartAsync();
        gasHook.Secret = await App.SetWebhookAsync("AZERIQAZ", gasHook.Url);
        waterHook.Secret = await App.SetWebhookAsync("AZERSU", waterHook.Url);
        gasHook.Down = true;
        using var client = await CitizenWithAccountsAsync(App, ("AZERIQAZ", "1002003004", [(2026, 10, 10m)]), ("AZERSU", "20030040", [(2026, 10, 5m)]));
        await PayAsync(client, SandboxAcquirer.ApprovedCard, (await AccountIdAsync(App, "1002003004"), [("2026-10", "10")], null), (await AccountIdAsync(App, "20030040"), [("2026-10", "5")], null));
        var dispatcher = App.Services.GetRequiredService<OutboxDispatcher>();

        for (var i = 0; i < 5; i++)
        {
            await dispatcher.DispatchOnceAsync(CancellationToken.None);
            await Task.Delay(60);
        }

        Assert.Single(waterHook.Accepted);
        Assert.Empty(gasHook.Accepted);
        var backlog = await App.WithDbAsync(db => db.OutboxMessages.Where(m => m.DeliveredAt == null).Select(m => new { m.Attempts, m.LastError }).SingleAsync());
        Assert.True(backlog.Attempts >= 1);
        Assert.Equal("HTTP 503", backlog.LastError);

        gasHook.Down = false;
        await App.WithDbAsync(db => db.Database.ExecuteSqlRawAsync("UPDATE outbox_messages SET next_attempt_at = now()"));
        await dispatcher.DispatchOnceAsync(CancellationToken.None);
        Assert.Single(gasHook.Accepted);
    }

    [Fact]
    public async Task AWebhookBiller_GetsOnlyItsOwnMessages_BesideAPullBillersBacklog()
    {
        using var client = await CitizenWithAccountsAsync(App, ("AZERIQAZ", "1002003004", [(2026, 9, 4m), (2026, 10, 6m)]), ("AZERSU", "20030040", [(2026, 10, 5m)]));
        var gas = await AccountIdAsync(App, "1002003004");
        var water = await AccountIdAsync(App, "20030040");
        await PayAsync(client, SandboxAcquirer.ApprovedCard, (gas, [("2026-09", "4")], null));
        await PayAsync(client, SandboxAcquirer.ApprovedCard, (water, [("2026-10", "5")], null), (gas, [("2026-10", "6")], null));
        var gasBiller = await App.WithDbAsync(db => db.Billers.Where(b => b.Code == "AZERIQAZ").Select(b => b.Id).SingleAsync());
        var waterBiller = await App.WithDbAsync(db => db.Billers.Where(b => b.Code == "AZERSU").Select(b => b.Id).SingleAsync());
        var dispatcher = App.Services.GetRequiredService<OutboxDispatcher>();
        await using var waterHook = await WebhookReceiver.StartAsync();
        waterHook.Secret = await App.SetWebhookAsync("AZERSU", waterHook.Url);

        await dispatcher.DispatchOnceAsync(CancellationToken.None); // gas is a pull biller here: its two stay queued

        var waterPayment = await App.WithDbAsync(db => db.OutboxMessages.Where(m => m.BillerId == waterBiller).Select(m => m.PaymentId).SingleAsync());
        Assert.Equal([waterPayment], waterHook.Accepted.Select(a => Guid.Parse(a.Key)).ToList());
        Assert.Equal(2, await App.WithDbAsync(db => db.OutboxMessages.CountAsync(m => m.BillerId == gasBiller && m.DeliveredAt == null)));

        await using var gasHook = await WebhookReceiver.StartAsync();
        gasHook.Secret = await App.SetWebhookAsync("AZERIQAZ", gasHook.Url);
        await dispatcher.DispatchOnceAsync(CancellationToken.None);

        var gasPayments = await App.WithDbAsync(db => db.OutboxMessages.Where(m => m.BillerId == gasBiller).OrderBy(m => m.Id).Select(m => m.PaymentId).ToListAsync());
        Assert.Equal(gasPayments, gasHook.Accepted.Select(a => Guid.Parse(a.Key)).ToList()); // both, in order
        Assert.Single(waterHook.Accepted); // and nothing of gas's went to water's webhook
        Assert.Equal(0, await App.WithDbAsync(db => db.OutboxMessages.CountAsync(m => m.DeliveredAt == null)));
    }

    [Fact]
    public async Task Pull_ListsTheBillersPaymentsInOrder_AndAcknowledgedOnesAreNotPosted()
    {
        var paymentIds = await PayThreeTimesAsync();
        using var api = await App.CreateBillerClientAsync("AZERIQAZ");
        using var other = await App.CreateBillerClientAsync("AZERSU");

        var firstPage = await api.GetFromJsonAsync<PaymentPage>("/api/v1/payments?limit=2");
        var secondPage = await api.GetFromJsonAsync<PaymentPage>($"/api/v1/payments?after={firstPage!.Next}&limit=2");
        var otherBiller = await other.GetFromJsonAsync<PaymentPage>("/api/v1/payments");
        var ack = await api.PostAsJsonAsync("/api/v1/payments/ack", new { upTo = secondPage!.Next });

        Assert.Equal(paymentIds, firstPage.Items.Concat(secondPage.Items).Select(i => i.PaymentId).ToList());
        Assert.All(firstPage.Items, i => Assert.Equal("1002003004", i.AccountNumber));
        Assert.Empty(otherBiller!.Items);
        Assert.Equal(3, (await ack.Content.ReadFromJsonAsync<AckResponse>())!.Acknowledged);
        await using var receiver = await WebhookReceiver.StartAsync();
        receiver.Secret = await App.SetWebhookAsync("AZERIQAZ", receiver.Url);
        await App.Services.GetRequiredService<OutboxDispatcher>().DispatchOnceAsync(CancellationToken.None);
        Assert.Equal(0, receiver.Attempts);
        var again = await api.GetFromJsonAsync<PaymentPage>("/api/v1/payments");
        Assert.All(again!.Items, i => Assert.True(i.Delivered));
    }

    [Theory]
    [InlineData("{\"upTo\":\"abc\"}")]
    [InlineData("{}")]
    [InlineData("{\"upTo\":\"99999999999999999999999\"}")]
    public async Task Ack_WithABadCursor_Is400(string body)
    {
        using var api = await App.CreateBillerClientAsync("AZERIQAZ");

        var response = await api.PostAsync("/api/v1/payments/ack", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    private async Task<List<Guid>> PayThreeTimesAsync()
    {
        using var client = await CitizenWithAccountsAsync(App, ("AZERIQAZ", "1002003004", [(2026, 8, 1m), (2026, 9, 2m), (2026, 10, 3m)]));
        var gas = await AccountIdAsync(App, "1002003004");
        foreach (var (period, amount) in new[] { ("2026-08", "1"), ("2026-09", "2"), ("2026-10", "3") })
        {
            await PayAsync(client, SandboxAcquirer.ApprovedCard, (gas, [(period, amount)], null));
        }

        return await App.WithDbAsync(db => db.OutboxMessages.OrderBy(m => m.Id).Select(m => m.PaymentId).ToListAsync());
    }

    private OutboxDispatcher NewDispatcher()
    {
        var sp = App.Services;
        return new OutboxDispatcher(
            sp.GetRequiredService<IServiceScopeFactory>(),
            sp.GetRequiredService<IHttpClientFactory>(),
            sp.GetRequiredService<IDataProtectionProvider>(),
            sp.GetRequiredService<IOptions<OutboxOptions>>(),
            TimeProvider.System,
            sp.GetRequiredService<ILogger<OutboxDispatcher>>());
    }
}
