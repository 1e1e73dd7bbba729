using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Komis.Web.Data;

/// <summary>
/// The loop every periodic database job runs: one round now, then one per tick until the app stops. A round that fails
/// on the database (unreachable, a conflicting write) is logged and the next tick tries again; anything else is a bug
/// and stops the host.
/// </summary>
public static class DatabaseRounds
{
    /// <summary>The failures a round survives: the database or a concurrent writer, not the code.</summary>
    public static bool IsRetryable(Exception exception) =>
        exception is NpgsqlException or DbUpdateException or InvalidOperationException or TimeoutException;

    public static async Task RepeatAsync(
        TimeSpan interval, TimeProvider clock, ILogger logger, string job, Func<CancellationToken, Task> round, CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(interval, clock);
        do
        {
            try
            {
                await round(stoppingToken);
            }
            catch (Exception ex) when (IsRetryable(ex) && !stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning("{Job} round failed: {Reason}", job, ex.GetType().Name);
            }
        }
        while (await timer.WaitForNextTickAsync(stoppingToken));
    }
}
