using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using Komis.Domain.Staff;
using Komis.IntegrationTests.Infrastructure;
using Komis.Web.Integrations.Sandbox;
using Microsoft.EntityFrameworkCore;
using Xunit.Abstractions;
using static Komis.IntegrationTests.Citizens.CitizenWorld;
using static Komis.IntegrationTests.Payments.PaymentWorld;
using static Komis.IntegrationTests.Staff.StaffWorld;

namespace Komis.IntegrationTests.Faults;

/// <summary>
/// The app as a real process (the built Komis.Web.dll) under a load of card and cash payments, killed with SIGKILL
/// mid-load and started again. Every payment a citizen or teller was told succeeded must exist exactly once, the
/// ledger must balance (checked after every integration test), and each must reach the biller's real HTTP webhook.
/// </summary>
[Trait("Category", "Faults")]
public sealed partial class CrashTests(KomisAppFactory app, ITestOutputHelper output) : IntegrationTest(app)
{
    private const int Tellers = 2;
    private const int Citizens = 2;
    private const int AccountsPerTeller = 60;

    [Fact]
    public async Task Kill9_MidLoad_EveryAcknowledgedPaymentExistsOnce_AndReachesTheBiller_AfterRestart()
    {
        await using var hook = await WebhookReceiver.StartAsync();
        hook.Secret = await App.SetWebhookAsync("AZERIQAZ", hook.Url);
        var citizens = new List<(string Code, string Account)>();
        for (var c = 0; c < Citizens; c++)
        {
            var number = $"10070000{c:00}";
            await NewAccountAsync(App, "AZERIQAZ", number, null, (2026, 10, 900m));
            using var registration = App.CreateFormClient();
            var (code, password) = await RegisterAsync(registration, NewPerson(App), ("AZERIQAZ", number));
            await LoginAsync(registration, code, password);
            await ChangePasswordAsync(registration, password, NewPassword);
            citizens.Add((code, number));
        }

        var (agent, branch) = await BranchAsync(App, "KB-909");
        for (var t = 0; t < Tellers; t++)
        {
            await StaffAsync(App, $"kassir.crash{t}", StaffRole.Teller, agent, branch);
            for (var a = 0; a < AccountsPerTeller; a++)
            {
                await NewAccountAsync(App, "AZERIQAZ", $"1008{t:0}{a:00000}", null, (2026, 10, 3m));
            }
        }

        var acknowledged = new ConcurrentBag<string>(); // receipt numbers people were shown
        await using (var first = await KomisProcess.StartAsync(App.ConnectionString))
        {
            using var stop = new CancellationTokenSource();
            var load = new List<Task>();
            load.AddRange(citizens.Select(c => CardLoadAsync(first.BaseAddress, c.Code, c.Account, acknowledged, stop.Token)));
            load.AddRange(Enumerable.Range(0, Tellers).Select(t => CashLoadAsync(first.BaseAddress, t, acknowledged, stop.Token)));
            var clock = Stopwatch.StartNew();
            while (acknowledged.Count < 20 && clock.Elapsed < TimeSpan.FromSeconds(60) && !load.All(l => l.IsCompleted))
            {
                await Task.Delay(50);
            }

            await Task.Delay(Random.Shared.Next(100, 600)); // somewhere in the middle of requests
            first.Kill9();
            stop.Cancel();
            await Task.WhenAll(load);
        }

        Assert.True(acknowledged.Count >= 20, $"only {acknowledged.Count} payments went through before the kill: " + string.Join(" | ", Errors));
        await using var second = await KomisProcess.StartAsync(App.ConnectionString);

        var receipts = acknowledged.ToList();
        var found = await App.WithDbAsync(db => db.Payments.Where(p => receipts.Contains(p.ReceiptNumber!))
            .Select(p => new { p.Id, p.ReceiptNumber }).ToListAsync());
        Assert.Equal(receipts.Count, found.Count); // each acknowledged receipt once, none missing
        Assert.Equal(receipts.Count, found.Select(f => f.ReceiptNumber).Distinct().Count());
        var booked = await App.WithDbAsync(db => db.OutboxMessages.CountAsync());
        var deadline = DateTime.UtcNow.AddSeconds(30);
        // Every booked message reaches the biller and is marked delivered. A message the first process sent but was
        // killed before marking is already among the biller's keys: the second process sends it again (same key)
        // and only then marks it, so waiting for the keys alone is not waiting for that.
        while ((hook.Accepted.Select(a => a.Key).Distinct().Count() < booked ||
                await App.WithDbAsync(db => db.OutboxMessages.CountAsync(m => m.DeliveredAt == null)) > 0) && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
        }

        var keys = hook.Accepted.Select(a => Guid.Parse(a.Key)).ToList();
        Assert.All(found, f => Assert.Contains(f.Id, keys));
        Assert.Equal(booked, keys.Distinct().Count());
        Assert.Equal(0, await App.WithDbAsync(db => db.OutboxMessages.CountAsync(m => m.DeliveredAt == null)));
        var card = found.Count(f => acknowledgedCard.ContainsKey(f.ReceiptNumber!));
        output.WriteLine($"fault: kill -9: {receipts.Count} payments acknowledged ({card} card, {receipts.Count - card} cash), " +
            $"{found.Count} found exactly once, {found.Count(f => keys.Contains(f.Id))} delivered to the biller; " +
            $"{booked} booked in all, {keys.Count - keys.Distinct().Count()} repeated deliveries (same Idempotency-Key)");
    }

    private readonly ConcurrentDictionary<string, bool> acknowledgedCard = new();

    private static readonly ConcurrentBag<string> Errors = [];

    private async Task CardLoadAsync(Uri app, string code, string accountNumber, ConcurrentBag<string> acknowledged, CancellationToken stop)
    {
        using var client = KomisProcess.Client(app);
        try
        {
            await LoginAsync(client, code, NewPassword);
            var account = await AccountIdAsync(App, accountNumber);
            while (!stop.IsCancellationRequested)
            {
                var review = await ReviewAsync(client, (account, [("2026-10", "0.10")], null));
                var confirm = await ConfirmAsync(client, ConfirmFields(await review.Content.ReadAsStringAsync()));
                var back = await PayOnAcquirerAsync(client, confirm.LocationPath()!, SandboxAcquirer.ApprovedCard);
                var result = await client.GetPageAsync(back.LocationPath()!);
                if (result.Contains("data-status=\"Paid\"", StringComparison.Ordinal))
                {
                    foreach (Match m in CabinetReceipt().Matches(result))
                    {
                        acknowledged.Add(m.Groups[1].Value);
                        acknowledgedCard[m.Groups[1].Value] = true;
                    }
                }
            }
        }
        catch (Exception ex)
        {
            // the process was killed under this request: what it answered before counts, nothing else
            Errors.Add(ex.GetType().Name + ": " + ex.Message);
        }
    }

    private static async Task CashLoadAsync(Uri app, int teller, ConcurrentBag<string> acknowledged, CancellationToken stop)
    {
        using var client = KomisProcess.Client(app);
        try
        {
            await SignInAsync(client, $"kassir.crash{teller}");
            for (var a = 0; a < AccountsPerTeller && !stop.IsCancellationRequested; a++)
            {
                var form = await client.GetPageAsync($"/staff/kassa/hesab?biller=AZERIQAZ&number=1008{teller:0}{a:00000}");
                var fields = ConfirmFieldsOf(form, "/staff/kassa/odenis");
                fields.RemoveAll(f => f.Key == "cashReceived");
                fields.Add(new("cashReceived", "100"));
                var paid = await client.Http.PostAsync("/staff/kassa/odenis", new FormUrlEncodedContent(fields));
                if (paid.StatusCode == HttpStatusCode.Redirect && paid.LocationPath() is { } receipt && receipt.StartsWith("/staff/kassa/cixaris/", StringComparison.Ordinal))
                {
                    acknowledged.Add(receipt["/staff/kassa/cixaris/".Length..]);
                }
            }
        }
        catch (Exception ex)
        {
            // as above
            Errors.Add(ex.GetType().Name + ": " + ex.Message);
        }
    }

    [GeneratedRegex("/kabinet/odenisler/(\\d{12})\"")]
    private static partial Regex CabinetReceipt();
}

/// <summary>Komis.Web.dll as its own process on a loopback port, with the sandboxes and the outbox dispatcher on.</summary>
internal sealed class KomisProcess : IAsyncDisposable
{
    private readonly Process _process;

    private KomisProcess(Process process, Uri baseAddress)
    {
        _process = process;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    public static async Task<KomisProcess> StartAsync(string connectionString)
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (root is not null && !File.Exists(Path.Combine(root.FullName, "Komis.sln")))
        {
            root = root.Parent;
        }

        var web = Path.Combine(root!.FullName, "src", "Komis.Web");
        var dll = Path.Combine(web, "bin", "Debug", "net10.0", "Komis.Web.dll");
        Assert.True(File.Exists(dll), $"{dll} is not built");
        var port = FreePort();
        var address = $"http://127.0.0.1:{port}";
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = web, RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add(dll);
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Testing";
        start.Environment["ASPNETCORE_URLS"] = address;
        start.Environment["ConnectionStrings__Komis"] = connectionString;
        start.Environment["Komis__Sandbox__BaseUrl"] = address;
        start.Environment["Komis__Security__SecureCookies"] = "false";
        start.Environment["Komis__Outbox__Enabled"] = "true";
        start.Environment["Komis__Outbox__PollInterval"] = "00:00:00.100";
        start.Environment["Komis__Outbox__MaxDelay"] = "00:00:00.500";
        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var started = new KomisProcess(process, new Uri(address));
        using var probe = new HttpClient { BaseAddress = started.BaseAddress, Timeout = TimeSpan.FromSeconds(2) };
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (DateTime.UtcNow < deadline && !process.HasExited)
        {
            try
            {
                if ((await probe.GetAsync("/health/ready")).StatusCode == HttpStatusCode.OK)
                {
                    return started;
                }
            }
            catch (HttpRequestException)
            {
            }
            catch (TaskCanceledException)
            {
            }

            await Task.Delay(200);
        }

        await started.DisposeAsync();
        throw new InvalidOperationException("Komis.Web did not become ready within 60 s");
    }

    public static FormClient Client(Uri baseAddress, CookieContainer? jar = null) => new(new HttpClient(new HttpClientHandler
    {
        AllowAutoRedirect = false,
        CookieContainer = jar ?? new CookieContainer(),
        UseCookies = true,
    }) { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) });

    /// <summary>SIGKILL: no shutdown hooks, no flushing, requests cut wherever they are.</summary>
    public void Kill9()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(10_000);
        }
    }

    public ValueTask DisposeAsync()
    {
        Kill9();
        _process.Dispose();
        return ValueTask.CompletedTask;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
