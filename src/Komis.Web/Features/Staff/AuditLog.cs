using Komis.Domain.Staff;
using Komis.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Komis.Web.Features.Staff;

/// <summary>Who is acting: the signed-in staff member (or a system job), from where.</summary>
public sealed record AuditActor(string Name, Guid? UserId, Guid? BranchId, string? ClientAddress)
{
    public static readonly AuditActor System = new("system", null, null, null);
}

/// <summary>
/// Writes audit records into the caller's unit of work, so a record commits exactly when the action does.
/// Sealing them into the hash chain is the <see cref="AuditChainer"/>'s job, off the hot path.
/// </summary>
public sealed class AuditLog(KomisDbContext db, TimeProvider clock)
{
    /// <summary>Adds a record to the current DbContext; it is saved with the caller's SaveChanges.</summary>
    public void Add(AuditActor actor, string action, string details) =>
        db.AuditRecords.Add(new AuditRecord(clock.GetUtcNow(), actor.Name, actor.UserId, actor.BranchId, actor.ClientAddress, action, details));

    /// <summary>Adds and saves at once (for events with no other change, such as a login).</summary>
    public async Task WriteAsync(AuditActor actor, string action, string details, CancellationToken cancellationToken = default)
    {
        Add(actor, action, details);
        await db.SaveChangesAsync(cancellationToken);
    }
}

public sealed record ChainReport(long Sealed, long Unsealed, long? FirstBrokenSequence, string? Problem)
{
    public bool Intact => FirstBrokenSequence is null;
}

/// <summary>Seals unsealed audit records into the chain in insertion order (one chainer at a time) and verifies the chain.</summary>
public sealed class AuditChainer(IServiceScopeFactory scopes, ILogger<AuditChainer> logger) : BackgroundService
{
    private const long AdvisoryLock = 7412;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await DatabaseRounds.RepeatAsync(TimeSpan.FromSeconds(2), TimeProvider.System, logger, "Audit sealing", SealPendingAsync, stoppingToken);
    }

    /// <summary>Seals what is pending; returns how many records were sealed.</summary>
    public async Task<int> SealPendingAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<KomisDbContext>();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        if (!await db.Database.SqlQuery<bool>($"SELECT pg_try_advisory_xact_lock({AdvisoryLock}) AS \"Value\"").SingleAsync(cancellationToken))
        {
            return 0;
        }

        var last = await db.AuditRecords.Where(r => r.Sequence != null).OrderByDescending(r => r.Sequence)
            .Select(r => new { r.Sequence, r.Hash }).FirstOrDefaultAsync(cancellationToken);
        var pending = await db.AuditRecords.Where(r => r.Hash == null).OrderBy(r => r.Id).Take(1000).ToListAsync(cancellationToken);
        var sequence = last?.Sequence ?? 0;
        var previous = last?.Hash ?? AuditRecord.GenesisHash;
        foreach (var record in pending)
        {
            record.Seal(++sequence, previous);
            previous = record.Hash!;
        }

        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return pending.Count;
    }

    /// <summary>Recomputes every sealed record's hash and its link to the one before; finds an edit, a deletion or an insertion.</summary>
    public async Task<ChainReport> VerifyAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<KomisDbContext>();
        var expectedPrevious = AuditRecord.GenesisHash;
        long expectedSequence = 1;
        long count = 0;
        await foreach (var record in db.AuditRecords.AsNoTracking().Where(r => r.Sequence != null).OrderBy(r => r.Sequence).AsAsyncEnumerable().WithCancellation(cancellationToken))
        {
            if (record.Sequence != expectedSequence)
            {
                return new ChainReport(count, 0, expectedSequence, "a record is missing");
            }

            if (record.PreviousHash != expectedPrevious || record.ComputeHash() != record.Hash)
            {
                return new ChainReport(count, 0, record.Sequence, "a record was changed");
            }

            expectedPrevious = record.Hash!;
            expectedSequence++;
            count++;
        }

        var unsealed = await db.AuditRecords.LongCountAsync(r => r.Hash == null, cancellationToken);
        return new ChainReport(count, unsealed, null, null);
    }
}
