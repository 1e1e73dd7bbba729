using Komis.IntegrationTests.Infrastructure;
using Komis.Web.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Serilog.Core;

namespace Komis.IntegrationTests.Security;

public sealed class LoggerFactoryTests(KomisAppFactory app) : IntegrationTest(app)
{
    [Fact]
    public async Task OneLoggerPerCategory_AndItsLinesReachSerilogsSinks()
    {
        var sink = new CapturingLogSink();
        await using var logged = App.WithWebHostBuilder(b => b.ConfigureServices(s => s.AddSingleton<ILogEventSink>(sink)));
        var factory = logged.Services.GetRequiredService<ILoggerFactory>();

        var first = factory.CreateLogger("Komis.Tests.Category");
        var again = factory.CreateLogger("Komis.Tests.Category");
        first.LogWarning("A line for {Who}", "the sink");

        Assert.IsType<CachingLoggerFactory>(factory);
        Assert.Same(first, again);
        Assert.NotSame(first, factory.CreateLogger("Komis.Tests.Other"));
        Assert.Contains(sink.Events, e => e.RenderMessage() == "A line for \"the sink\"" &&
            e.Properties["SourceContext"].ToString() == "\"Komis.Tests.Category\"");
    }
}
