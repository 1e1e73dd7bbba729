using Komis.Web.Data;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace Komis.Web.Configuration;

public static class HealthConfig
{
    public const string ReadyTag = "ready";

    public static IServiceCollection AddKomisHealthChecks(this IServiceCollection services)
    {
        services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database", tags: [ReadyTag]);
        return services;
    }
}

/// <summary>Ready means the database answers a query within the check's time.</summary>
internal sealed class DatabaseHealthCheck(Npgsql.NpgsqlDataSource dataSource) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(3));
            await using var command = dataSource.CreateCommand("SELECT 1");
            await command.ExecuteScalarAsync(timeout.Token);
            return HealthCheckResult.Healthy();
        }
        catch (Exception ex) when (ex is Npgsql.NpgsqlException or OperationCanceledException or System.Net.Sockets.SocketException)
        {
            // The exception text can carry host names; the check's answer says only that it failed.
            return HealthCheckResult.Unhealthy("database unavailable");
        }
    }
}
