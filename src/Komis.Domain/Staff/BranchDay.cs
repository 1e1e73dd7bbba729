using Komis.Domain.Common;

namespace Komis.Domain.Staff;

/// <summary>
/// A closed business day of a branch. Once it exists, the branch takes no more payments and makes no reversals
/// for that date (Baku time); the closing totals are kept as they were counted.
/// </summary>
public sealed class BranchDay
{
    private BranchDay()
    {
    }

    public BranchDay(Guid branchId, DateOnly date, Guid closedBy, DateTimeOffset closedAt, decimal ledgerCash, int payments, decimal paid, decimal reversed)
    {
        if (ledgerCash != paid - reversed)
        {
            throw new DomainException("day.unbalanced", "The branch's cash in the ledger does not match its payments and reversals.");
        }

        BranchId = branchId;
        Date = date;
        ClosedBy = closedBy;
        ClosedAt = closedAt;
        LedgerCash = ledgerCash;
        Payments = payments;
        Paid = paid;
        Reversed = reversed;
    }

    public Guid BranchId { get; private set; }

    public DateOnly Date { get; private set; }

    public Guid ClosedBy { get; private set; }

    public DateTimeOffset ClosedAt { get; private set; }

    /// <summary>The net of the branch-cash ledger account for the day.</summary>
    public decimal LedgerCash { get; private set; }

    public int Payments { get; private set; }

    public decimal Paid { get; private set; }

    public decimal Reversed { get; private set; }
}
