using Komis.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Komis.Web.Features.Payments;

public sealed record LedgerBalance(decimal Debits, decimal Credits, int UnbalancedPayments, int UnbalancedJournals, int PaidWithoutJournal)
{
    public bool Balanced => Debits == Credits && UnbalancedPayments == 0 && UnbalancedJournals == 0 && PaidWithoutJournal == 0;
}

/// <summary>Proves the books: Σ debits = Σ credits in total, per journal and per payment; every paid payment is booked.</summary>
public sealed class LedgerCheck(KomisDbContext db)
{
    public async Task<LedgerBalance> RunAsync(CancellationToken cancellationToken = default)
    {
        var totals = await db.LedgerEntries.GroupBy(_ => 1)
            .Select(g => new { Debits = g.Sum(e => e.Debit), Credits = g.Sum(e => e.Credit) }).SingleOrDefaultAsync(cancellationToken);
        var unbalancedPayments = await db.LedgerEntries.Where(e => e.PaymentId != null).GroupBy(e => e.PaymentId)
            .CountAsync(g => g.Sum(e => e.Debit) != g.Sum(e => e.Credit), cancellationToken);
        var unbalancedJournals = await db.LedgerEntries.GroupBy(e => e.JournalId)
            .CountAsync(g => g.Sum(e => e.Debit) != g.Sum(e => e.Credit), cancellationToken);
        var paidWithoutJournal = await db.Payments
            .CountAsync(p => (p.Status == Domain.Payments.PaymentStatus.Paid || p.Status == Domain.Payments.PaymentStatus.Reversed)
                             && !db.LedgerEntries.Any(e => e.PaymentId == p.Id), cancellationToken);
        return new LedgerBalance(totals?.Debits ?? 0, totals?.Credits ?? 0, unbalancedPayments, unbalancedJournals, paidWithoutJournal);
    }
}
