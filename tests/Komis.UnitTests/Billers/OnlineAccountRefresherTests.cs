using Komis.Domain.Billers;
using Komis.Web.Data.ReferenceData;
using Komis.Web.Integrations.Billers;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Komis.UnitTests.Billers;

/// <summary>
/// While an online biller's circuit is open, every cabinet view skips it: that must not write a warning each time
/// (one bench run wrote 9,340); a real failure still does.
/// </summary>
public sealed class OnlineAccountRefresherTests
{
    [Fact]
    public async Task OpenCircuit_IsNotAWarningPerView_ButAFailureIs()
    {
        var logger = new ListLogger();
        var biller = BillerCatalogue.Create().Single(b => b.Code == "AZERCELL");
        biller.UseOnline("http://biller.invalid/api");

        var broken = Refresher(new Polly.CircuitBreaker.BrokenCircuitException("open"), logger);
        Assert.False(await broken.RefreshAsync(biller, "501234567", CancellationToken.None));
        Assert.DoesNotContain(logger.Entries, e => e.Level >= LogLevel.Warning);

        var refused = Refresher(new HttpRequestException("Connection refused"), logger);
        Assert.False(await refused.RefreshAsync(biller, "501234567", CancellationToken.None));
        Assert.Contains(logger.Entries, e => e.Level == LogLevel.Warning && e.Message.Contains("AZERCELL unavailable", StringComparison.Ordinal));
    }

    private static OnlineAccountRefresher Refresher(Exception thrown, ILogger<OnlineAccountRefresher> logger)
    {
        var services = new ServiceCollection()
            .AddSingleton(new OnlineBillerClient(new HttpClient(new Throwing(thrown)), Options.Create(new OnlineBillerOptions())))
            .BuildServiceProvider();
        return new(services.GetRequiredService<IServiceScopeFactory>(), services, logger);
    }

    private sealed class Throwing(Exception thrown) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            Task.FromException<HttpResponseMessage>(thrown);
    }

    private sealed class ListLogger : ILogger<OnlineAccountRefresher>
    {
        public List<(LogLevel Level, string Message)> Entries { get; } = [];

        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => true;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
            Entries.Add((logLevel, formatter(state, exception)));
    }
}
