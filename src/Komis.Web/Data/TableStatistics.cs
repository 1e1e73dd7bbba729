using Microsoft.EntityFrameworkCore;

namespace Komis.Web.Data;

/// <summary>
/// Keeps PostgreSQL's statistics of young, fast-growing tables current. Komis's statements are prepared, and
/// PostgreSQL runs a prepared statement on a generic plan made from the table sizes of that moment, until the table is
/// analysed again. Autovacuum analyses a table after 10 % of it changed, but its few workers can be busy for minutes
/// (a biller's first registry of millions of rows), and a plan made on a new deployment's empty payments table scans it
/// while it grows by hundreds of rows a second. So every few seconds one node analyses each table that grew by half or
/// more since it was last analysed; the analysis replaces the cached plans that used the table. Large tables never
/// qualify (they are autovacuum's), so a round is a catalogue read.
/// </summary>
public sealed class TableStatistics(IServiceScopeFactory scopes, TimeProvider clock, ILogger<TableStatistics> logger) : BackgroundService
{
    /// <summary>Fewer changed rows than this never make a table worth a round of its own.</summary>
    public const int MinimumChangedRows = 500;

    private const long AdvisoryLock = 7415;

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        DatabaseRounds.RepeatAsync(TimeSpan.FromSeconds(5), clock, logger, "Table statistics", AnalyseGrownTablesAsync, stoppingToken);

    /// <summary>Analyses the tables of Komis's schema that grew by half or more since their last analysis; returns their names.</summary>
    public async Task<IReadOnlyList<string>> AnalyseGrownTablesAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<KomisDbContext>();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        if (!await db.Database.SqlQuery<bool>($"SELECT pg_try_advisory_xact_lock({AdvisoryLock}) AS \"Value\"").SingleAsync(cancellationToken))
        {
            return [];
        }

        // Rows changed since the last analysis against the rows now: n changed of N means the table had about N - n.
        var grown = await db.Database.SqlQuery<string>($"""
            SELECT relname AS "Value" FROM pg_stat_user_tables
            WHERE schemaname = current_schema() AND n_mod_since_analyze >= {MinimumChangedRows} AND n_mod_since_analyze * 3 >= n_live_tup
            ORDER BY relname
            """).ToListAsync(cancellationToken);
        foreach (var table in grown)
        {
            // The name comes from the catalogue; quoted as an identifier all the same.
#pragma warning disable EF1002 // an identifier cannot be a parameter
            await db.Database.ExecuteSqlRawAsync($"ANALYZE \"{table.Replace("\"", "\"\"", StringComparison.Ordinal)}\"", cancellationToken);
#pragma warning restore EF1002
        }

        await transaction.CommitAsync(cancellationToken);
        if (grown.Count > 0)
        {
            logger.LogInformation("Statistics renewed for {Tables}: grown by half or more since their last analysis", string.Join(", ", grown));
        }

        return grown;
    }
}
