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
        return builder;
    }
}
