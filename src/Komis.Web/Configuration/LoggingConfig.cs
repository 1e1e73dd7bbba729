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

        // The console sink writes in batches (BatchedConsoleSink); a crash must not take the last lines with it.
        AppDomain.CurrentDomain.UnhandledException += (_, _) => Log.CloseAndFlush();
        return builder;
    }
}
