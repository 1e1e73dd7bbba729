using System.Collections.Concurrent;
using Serilog;

namespace Komis.Web.Configuration;

public static class LoggingConfig
{
    /// <summary>Serilog from the "Serilog" configuration section, replacing the default providers.</summary>
    public static WebApplicationBuilder AddKomisLogging(this WebApplicationBuilder builder)
    {
        builder.Services.AddSerilog((services, logger) => logger
            .ReadFrom.Configuration(builder.Configuration)
            .ReadFrom.Services(services)
            .Enrich.FromLogContext());

        // Serilog's logger factory makes a new logger, with a cache of its own, on every CreateLogger call, and the
        // framework makes some services per request that ask for one in their constructor (every authentication handler):
        // a logger and its dictionary per page. Microsoft.Extensions.Logging's own factory keeps one per category;
        // CachingLoggerFactory does the same around Serilog's.
        builder.Services.DecorateSingleton<ILoggerFactory>((_, serilog) => new CachingLoggerFactory(serilog));

        // The console sink writes in batches (BatchedConsoleSink); a crash must not take the last lines with it.
        AppDomain.CurrentDomain.UnhandledException += (_, _) => Log.CloseAndFlush();
        return builder;
    }
}

/// <summary>
/// A logger factory that hands out one logger per category, made by the factory it wraps (which it disposes).
/// </summary>
public sealed class CachingLoggerFactory(ILoggerFactory inner) : ILoggerFactory
{
    private readonly ConcurrentDictionary<string, Microsoft.Extensions.Logging.ILogger> _loggers = new(StringComparer.Ordinal);

    // Made once: a method group passed to GetOrAdd would be a new delegate on every call, and this runs on every request.
    private readonly Func<string, Microsoft.Extensions.Logging.ILogger> _create = inner.CreateLogger;

    public Microsoft.Extensions.Logging.ILogger CreateLogger(string categoryName) => _loggers.GetOrAdd(categoryName, _create);

    public void AddProvider(ILoggerProvider provider)
    {
        inner.AddProvider(provider);
        _loggers.Clear(); // loggers made from now on write to it too
    }

    public void Dispose() => inner.Dispose();
}
