using Komis.Web.Configuration.Security;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Serilog;

namespace Komis.Web.Configuration;

public static class PipelineConfig
{
    public static WebApplication UseKomisPipeline(this WebApplication app)
    {
        app.UseSerilogRequestLogging();
        app.UseMiddleware<SecurityHeadersMiddleware>();

        // API callers get problem details; people get friendly localized pages that say nothing of internals.
        app.UseWhen(IsApi, api => api.UseExceptionHandler().UseStatusCodePages());
        app.UseWhen(ctx => !IsApi(ctx), web => web
            .UseExceptionHandler("/xeta/500")
            .UseStatusCodePagesWithReExecute("/xeta/{0}"));

        // Everywhere but the local plain-HTTP development run (loopback hosts are excluded by the middleware itself).
        if (!app.Environment.IsDevelopment())
        {
            app.UseHsts();
        }

        app.UseStaticFiles();
        app.UseMiddleware<RejectNulCharactersMiddleware>();
        app.UseRequestLocalization();
        app.UseRouting();
        app.UseAuthentication();
        app.Use(DatabaseUnavailable.StopUncheckedSessions);
        app.UseRateLimiter();
        app.UseAuthorization();

        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false });
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = c => c.Tags.Contains(HealthConfig.ReadyTag) });
        app.MapControllers();
        app.MapKomisApiDocs();
        return app;
    }

    private static bool IsApi(HttpContext context) => context.Request.Path.StartsWithSegments("/api");
}
