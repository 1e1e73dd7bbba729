using System.Text.RegularExpressions;
using Komis.Domain.Staff;
using Komis.IntegrationTests.Infrastructure;
using Komis.Web.Integrations.Sandbox;
using Microsoft.AspNetCore.Hosting;
using Microsoft.EntityFrameworkCore;
using Xunit.Abstractions;
using static Komis.IntegrationTests.Payments.PaymentWorld;
using static Komis.IntegrationTests.Staff.StaffWorld;

namespace Komis.IntegrationTests.Faults;

/// <summary>
/// A biller's webhook is down for a while on a running node: its backlog grows and the operator sees it; the other
/// biller is served as usual; when the webhook returns the backlog drains by itself, in payment order, each once.
/// </summary>
[Trait("Category", "Faults")]
public sealed partial class WebhookOutageTests(KomisAppFactory app, ITestOutputHelper output) : IntegrationTest(app)
{
    [Fact]
    public async Task AWebhookDown_GrowsAVisibleBacklog_OnlyForItsBiller_ThatDrainsInOrderOnceItIsBack()
    {
        await using var gasHook = await WebhookReceiver.StartAsync();
        await using var waterHook = await WebhookReceiver.StartAsync();
        gasHook.Secret = await App.SetWebhookAsync("AZERIQAZ", gasHook.Url);
        waterHook.Secret = await App.SetWebhookAsync("AZERSU", waterHook.Url);
        gasHook.Down = true;
        await StaffAsync(App, "operator.faults", StaffRole.Operator);
        using var op = App.CreateFormClient();
        await SignInAsync(op, "operator.faults");
        using var citizen = await CitizenWithAccountsAsync(App,
            ("AZERIQAZ", "1002003004", [(2026, 7, 1m), (2026, 8, 2m), (2026, 9, 3m), (2026, 10, 4m)]),
            ("AZERSU", "20030040", [(2026, 9, 5m), (2026, 10, 6m)]));
        var gas = await AccountIdAsync(App, "1002003004");
        var water = await AccountIdAsync(App, "20030040");

        // A running node: its dispatcher polls every 20 ms and backs off at most 300 ms between attempts.
        await using var node = App.SecondNode().WithWebHostBuilder(b => b
            .UseSetting("Komis:Outbox:Enabled", "true")
            .UseSetting("Komis:Outbox:PollInterval", "00:00:00.020")
            .UseSetting("Komis:Outbox:MaxDelay", "00:00:00.300"));
        _ = node.Services;
        await PayAsync(citizen, SandboxAcquirer.ApprovedCard, (gas, [("2026-07", "1")], null));
        await PayAsync(citizen, SandboxAcquirer.ApprovedCard, (water, [("2026-09", "5")], null));
        await PayAsync(citizen, SandboxAcquirer.ApprovedCard, (gas, [("2026-08", "2")], null));
        await PayAsync(citizen, SandboxAcquirer.ApprovedCard, (water, [("2026-10", "6")], null));
        await PayAsync(citizen, SandboxAcquirer.ApprovedCard, (gas, [("2026-09", "3")], null));

        Assert.True(await UntilAsync(() => waterHook.Accepted.Count == 2 && gasHook.Attempts >= 3), "the water biller was held up");
        Assert.Empty(gasHook.Accepted);
        var backlogBefore = await BacklogAsync(op);
        await PayAsync(citizen, SandboxAcquirer.ApprovedCard, (gas, [("2026-10", "4")], null));
        Assert.True(await UntilAsync(async () => await BacklogAsync(op) == backlogBefore + 1), "the backlog did not grow");
        Assert.Equal(3, backlogBefore);

        var refusedWhileDown = gasHook.Attempts;
        gasHook.Down = false;
        Assert.True(await UntilAsync(() => gasHook.Accepted.Count == 4), "the backlog did not drain");
        await Task.Delay(300); // still polling: nothing may come twice

        var gasBiller = await App.WithDbAsync(db => db.Billers.Where(b => b.Code == "AZERIQAZ").Select(b => b.Id).SingleAsync());
        var gasOrder = await App.WithDbAsync(db => db.OutboxMessages.Where(m => m.BillerId == gasBiller).OrderBy(m => m.Id).Select(m => m.PaymentId).ToListAsync());
        Assert.Equal(gasOrder, gasHook.Accepted.Select(a => Guid.Parse(a.Key)).ToList());
        Assert.Equal(2, waterHook.Accepted.Count);
        Assert.Equal(0, await BacklogAsync(op));
        output.WriteLine($"fault: webhook outage: backlog peaked at {backlogBefore + 1}, {refusedWhileDown} attempts refused while down, " +
            $"drained in order: {gasHook.Accepted.Count} delivered once each; other biller: {waterHook.Accepted.Count} delivered during the outage");
    }

    private static async Task<int> BacklogAsync(FormClient op)
    {
        var dashboard = await op.GetPageAsync("/staff/operator/panel");
        var row = BacklogRow().Match(dashboard);
        return row.Success ? int.Parse(row.Groups[1].Value) : 0;
    }

    private static async Task<bool> UntilAsync(Func<bool> condition) => await UntilAsync(() => Task.FromResult(condition()));

    private static async Task<bool> UntilAsync(Func<Task<bool>> condition)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (DateTime.UtcNow < deadline)
        {
            if (await condition())
            {
                return true;
            }

            await Task.Delay(50);
        }

        return await condition();
    }

    [GeneratedRegex("<tr data-backlog=\"AZERIQAZ\"><td>AZERIQAZ</td><td class=\"text-end\">(\\d+)</td>")]
    private static partial Regex BacklogRow();
}
