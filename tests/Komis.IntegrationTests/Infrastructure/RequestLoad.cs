using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;

namespace Komis.IntegrationTests.Infrastructure;

/// <summary>A steady load of GETs from several workers until stopped; keeps every status code it got.</summary>
public sealed class RequestLoad
{
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _workers;

    private RequestLoad(FormClient client, int workers, string[] urls) =>
        _workers = Enumerable.Range(0, workers).Select(i => Task.Run(async () =>
        {
            while (!_stop.IsCancellationRequested)
            {
                Statuses.Add((await client.GetAsync(urls[i % urls.Length])).StatusCode);
                await Task.Delay(10);
            }
        })).ToList();

    public ConcurrentBag<HttpStatusCode> Statuses { get; } = [];

    public static RequestLoad Start(FormClient client, int workers, params string[] urls) => new(client, workers, urls);

    public async Task StopAsync()
    {
        await _stop.CancelAsync();
        await Task.WhenAll(_workers);
        _stop.Dispose();
    }

    public int Count(HttpStatusCode status) => Statuses.Count(s => s == status);

    /// <summary>Every answer was 200 or 503, and the outage was seen.</summary>
    public void AssertOnlyOkOr503_AndSomeOf503()
    {
        Assert.All(Statuses, s => Assert.True(s is HttpStatusCode.OK or HttpStatusCode.ServiceUnavailable, $"the load got {(int)s}"));
        Assert.Contains(HttpStatusCode.ServiceUnavailable, Statuses);
    }

    /// <summary>How long, from now, until <paramref name="client"/> gets 200 from /health/ready (gives up after 30 s).</summary>
    public static async Task<TimeSpan> TimeUntilReadyAsync(FormClient client)
    {
        var clock = Stopwatch.StartNew();
        while ((await client.GetAsync("/health/ready")).StatusCode != HttpStatusCode.OK && clock.Elapsed < TimeSpan.FromSeconds(30))
        {
            await Task.Delay(20);
        }

        return clock.Elapsed;
    }

    public string Summary() =>
        $"{Statuses.Count} requests under load ({Count(HttpStatusCode.ServiceUnavailable)} answered 503, {Count(HttpStatusCode.OK)} 200, none 500)";
}
