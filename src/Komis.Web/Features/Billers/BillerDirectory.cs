using Komis.Domain.Billers;
using Komis.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Komis.Web.Features.Billers;

/// <summary>
/// Every biller, read once and kept for the pages that show many accounts (the cabinet reads a dozen billers' names
/// and modes on every view). Never stale: the reader passes the billers table's <see cref="VersionSql">version</see>,
/// read in its own statement, and the directory reads the billers again when that version is not the one it holds.
/// </summary>
public sealed class BillerDirectory
{
    /// <summary>
    /// A value that changes whenever a biller row is added, changed or removed: every new row version carries the
    /// writing transaction's id (xmin), so the count and the sum of the row versions' ids move with any write.
    /// A scalar subquery: put it in the select list of the statement whose data it must match.
    /// </summary>
    public const string VersionSql = "(SELECT count(*) || ':' || coalesce(sum(xmin::text::bigint), 0) FROM billers)";

    private volatile Snapshot? _snapshot;
    private readonly SemaphoreSlim _reading = new(1, 1);

    /// <summary>The billers as of <paramref name="version"/> or later, read again only when the held ones are older.</summary>
    public async Task<IReadOnlyDictionary<int, Biller>> GetAsync(KomisDbContext db, string version, CancellationToken cancellationToken)
    {
        var held = _snapshot;
        if (held is not null && held.Version == version)
        {
            return held.Billers;
        }

        await _reading.WaitAsync(cancellationToken);
        try
        {
            held = _snapshot;
            if (held is not null && held.Version == version)
            {
                return held.Billers;
            }

            _snapshot = held = await ReadAsync(db, cancellationToken);
            return held.Billers;
        }
        finally
        {
            _reading.Release();
        }
    }

    /// <summary>
    /// The billers with the version they are: the version is read before and after the rows; when a write landed in
    /// between, the rows are used this once and kept under no version, so the next reader reads them again.
    /// </summary>
    private static async Task<Snapshot> ReadAsync(KomisDbContext db, CancellationToken cancellationToken)
    {
        var before = await VersionAsync(db, cancellationToken);
        var billers = await db.Billers.AsNoTracking().ToDictionaryAsync(b => b.Id, cancellationToken);
        var after = await VersionAsync(db, cancellationToken);
        return new Snapshot(after == before ? before : "", billers);
    }

    private static Task<string> VersionAsync(KomisDbContext db, CancellationToken cancellationToken) =>
        db.Database.SqlQueryRaw<string>("SELECT " + VersionSql + " AS \"Value\"").SingleAsync(cancellationToken);

    private sealed record Snapshot(string Version, IReadOnlyDictionary<int, Biller> Billers);
}
