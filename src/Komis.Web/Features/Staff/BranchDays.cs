using Komis.Domain.Payments;
using Komis.Domain.Staff;
using Komis.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Komis.Web.Features.Staff;

public sealed record TellerDay(Guid? TellerId, string TellerName, int Payments, decimal Paid, decimal Reversed)
{
    public decimal Net => Paid - Reversed;
}

public sealed record BranchPaymentRow(Guid PaymentId, string? ReceiptNumber, DateTimeOffset PaidAt, string Biller, string AccountNumber, decimal Total, PaymentStatus Status, string TellerName, string? ReversalReason);

public sealed record DaySummary(Guid BranchId, DateOnly Date, IReadOnlyList<TellerDay> Tellers, IReadOnlyList<BranchPaymentRow> Payments, decimal LedgerCash, BranchDay? Closed)
{
    public decimal Paid => Tellers.Sum(t => t.Paid);

    public decimal Reversed => Tellers.Sum(t => t.Reversed);

    /// <summary>The tills' total agrees with the ledger's branch-cash account.</summary>
    public bool Balanced => LedgerCash == Paid - Reversed;
}

/// <summary>A branch's business day (Baku time): its payments per teller against the ledger, and closing it.</summary>
public sealed class BranchDayService(KomisDbContext db, AuditLog audit, TimeProvider clock)
{
    public async Task<DaySummary> SummaryAsync(Guid branchId, DateOnly date, CancellationToken cancellationToken)
    {
        var (start, end) = Range(date);
        var rows = await (
                from p in db.Payments.AsNoTracking()
                join o in db.PaymentOrders on p.OrderId equals o.Id
                join b in db.Billers on p.BillerId equals b.Id
                join s in db.StaffMembers on o.TellerId equals s.UserId into staff
                from s in staff.DefaultIfEmpty()
                where o.BranchId == branchId && p.PaidAt >= start && p.PaidAt < end && (p.Status == PaymentStatus.Paid || p.Status == PaymentStatus.Reversed)
                      // The same rows, found through the (branch, created) index: a branch's order is created and paid
                      // in one request, so it was created before it was paid and not a day earlier.
                      && o.CreatedAt >= start.AddDays(-1) && o.CreatedAt < end
                orderby p.PaidAt
                select new { p.Id, p.ReceiptNumber, p.PaidAt, Biller = b.Name.Az, p.AccountNumber, p.Amount, p.Fee, p.Status, o.TellerId, Teller = s == null ? "?" : s.FullName, p.ReversalReason, p.ReversedAt })
            .ToListAsync(cancellationToken);
        var cashAccount = LedgerAccounts.BranchCash(branchId);
        var ledger = await db.LedgerEntries.AsNoTracking()
            .Where(e => e.Account == cashAccount && e.CreatedAt >= start && e.CreatedAt < end)
            .SumAsync(e => e.Debit - e.Credit, cancellationToken);
        var tellers = rows.GroupBy(r => (r.TellerId, r.Teller))
            .Select(g => new TellerDay(g.Key.TellerId, g.Key.Teller, g.Count(), g.Sum(r => r.Amount + r.Fee),
                g.Where(r => r.Status == PaymentStatus.Reversed && r.ReversedAt >= start && r.ReversedAt < end).Sum(r => r.Amount + r.Fee)))
            .ToList();
        var closed = await db.BranchDays.AsNoTracking().SingleOrDefaultAsync(d => d.BranchId == branchId && d.Date == date, cancellationToken);
        return new DaySummary(branchId, date, tellers,
            rows.Select(r => new BranchPaymentRow(r.Id, r.ReceiptNumber, r.PaidAt!.Value, r.Biller, r.AccountNumber, r.Amount + r.Fee, r.Status, r.Teller, r.ReversalReason)).ToList(),
            ledger, closed);
    }

    /// <summary>
    /// Closes today's day of the branch; refused when already closed or when the tills and the ledger disagree. The close
    /// holds the branch's day alone: it waits for the payments and reversals in progress at the branch, and they wait for
    /// it and then find the day closed (<see cref="HoldOpenAsync"/>), so no payment lands in a closed day unseen.
    /// </summary>
    public async Task<(bool Closed, string? ErrorKey)> CloseTodayAsync(AuditActor supervisor, Guid branchId, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({DayLockSpace}, {DayLockKey(branchId)})", cancellationToken);
        var today = ViewModels.Display.Today(clock);
        var summary = await SummaryAsync(branchId, today, cancellationToken);
        if (summary.Closed is not null)
        {
            return (false, "Day.Error.AlreadyClosed");
        }

        if (!summary.Balanced)
        {
            return (false, "Day.Error.Unbalanced");
        }

        db.BranchDays.Add(new BranchDay(branchId, today, supervisor.UserId!.Value, clock.GetUtcNow(), summary.LedgerCash, summary.Payments.Count, summary.Paid, summary.Reversed));
        audit.Add(supervisor, "branch.day-closed", $"{today:yyyy-MM-dd}: {summary.Payments.Count} payment(s), net {summary.LedgerCash:0.00} AZN");
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            return (false, "Day.Error.AlreadyClosed");
        }

        return (true, null);
    }

    /// <summary>The advisory lock space of branch days (the key within it: <see cref="DayLockKey"/>).</summary>
    public const int DayLockSpace = 7414;

    /// <summary>A branch's key in <see cref="DayLockSpace"/>; two branches sharing one only make a close wait a moment longer.</summary>
    public static int DayLockKey(Guid branchId) => BitConverter.ToInt32(branchId.ToByteArray(), 0);

    /// <summary>
    /// In the caller's transaction, before it reads whether the branch's day is closed and writes a payment or a reversal
    /// there: waits while the day is being closed, and keeps it open (a close waits) until the transaction ends. Under
    /// READ COMMITTED the caller's next statements see a close that committed while this one waited.
    /// </summary>
    public static Task HoldDayAsync(KomisDbContext db, Guid branchId, CancellationToken cancellationToken) =>
        db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock_shared({DayLockSpace}, {DayLockKey(branchId)})", cancellationToken);

    /// <summary><see cref="HoldDayAsync"/>, then whether <paramref name="date"/> is still open at the branch.</summary>
    public static async Task<bool> HoldOpenAsync(KomisDbContext db, Guid branchId, DateOnly date, CancellationToken cancellationToken)
    {
        await HoldDayAsync(db, branchId, cancellationToken);
        return !await db.BranchDays.AnyAsync(d => d.BranchId == branchId && d.Date == date, cancellationToken);
    }

    public static (DateTimeOffset Start, DateTimeOffset End) Range(DateOnly date)
    {
        var offset = ViewModels.Display.Baku.BaseUtcOffset;
        return (new DateTimeOffset(date.ToDateTime(TimeOnly.MinValue), offset).ToUniversalTime(),
                new DateTimeOffset(date.AddDays(1).ToDateTime(TimeOnly.MinValue), offset).ToUniversalTime());
    }
}
