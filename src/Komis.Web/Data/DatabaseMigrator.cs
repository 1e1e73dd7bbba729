using Komis.Web.Data.ReferenceData;
using Microsoft.EntityFrameworkCore;

namespace Komis.Web.Data;

/// <summary>
/// The one explicit step that brings a database to the current schema and reference data
/// (used by `migrate` and the tests).
/// </summary>
public sealed class DatabaseMigrator(KomisDbContext db, ILogger<DatabaseMigrator> logger)
{
    public async Task MigrateAsync(CancellationToken cancellationToken = default)
    {
        var pending = (await db.Database.GetPendingMigrationsAsync(cancellationToken)).ToList();
        logger.LogInformation("Applying {Count} pending migration(s)", pending.Count);
        // EF Core takes a database lock while migrating, so two nodes starting together do not collide.
        await db.Database.MigrateAsync(cancellationToken);

        var billers = await BillerCatalogue.EnsureAsync(db, cancellationToken);
        logger.LogInformation("Reference data in place ({Billers} biller(s) added)", billers);
    }
}
