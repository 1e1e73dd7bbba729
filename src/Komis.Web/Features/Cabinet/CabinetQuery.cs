using Komis.Domain.Payments;
using Komis.Web.Data;
using Komis.Web.Features.Debts;
using Microsoft.EntityFrameworkCore;

namespace Komis.Web.Features.Cabinet;

public sealed record CabinetAccount(long LinkId, AccountDebt Debt);

/// <summary>What the cabinet shows: the subscriber and, per linked account, what is owed.</summary>
public sealed record CabinetView(string Code, string FullName, IReadOnlyList<CabinetAccount> Accounts)
{
    public decimal TotalOwed => Accounts.Sum(a => Math.Max(0, a.Debt.Balance));
}

/// <summary>Reads only the signed-in subscriber's own links: the subscriber id comes from the session, never from the request.</summary>
public sealed class CabinetQuery(KomisDbContext db, DebtQuery debts)
{
    public async Task<CabinetView?> GetAsync(Guid subscriberId, CancellationToken cancellationToken)
    {
        // The subscriber, the links, the accounts with their charges and billers, and what Komis took on each account
        // since the biller's as-of moment (per period; null = an advance): one round trip. (The accounts' query is
        // built outside the query expression: a method call inside it would be evaluated on every run.)
        var withCharges = DebtQuery.Include(db.BillerAccounts);
        var rows = await (
                from link in db.SubscriberAccounts.AsNoTracking()
                where link.SubscriberId == subscriberId
                join subscriber in db.Subscribers on link.SubscriberId equals subscriber.Id
                join account in withCharges on link.BillerAccountId equals account.Id
                join biller in db.Billers on account.BillerId equals biller.Id
                orderby link.Id
                select new
                {
                    LinkId = link.Id,
                    subscriber.Code,
                    subscriber.FullName,
                    Account = account,
                    Biller = biller,
                    Paid = (from allocation in db.PaymentAllocations
                            join payment in db.Payments on allocation.PaymentId equals payment.Id
                            where payment.BillerAccountId == account.Id && payment.Status == PaymentStatus.Paid && payment.PaidAt > account.AsOf
                            group allocation by allocation.Period into g
                            select new { Period = g.Key, Amount = g.Sum(a => a.Amount) }).ToList(),
                })
            .ToListAsync(cancellationToken);
        if (rows.Count == 0)
        {
            // No links (or no such subscriber): nothing owed to show.
            var alone = await db.Subscribers.AsNoTracking().Where(s => s.Id == subscriberId)
                .Select(s => new { s.Code, s.FullName }).SingleOrDefaultAsync(cancellationToken);
            return alone is null ? null : new CabinetView(alone.Code, alone.FullName, []);
        }

        var paid = rows.SelectMany(r => r.Paid.Select(p => (Key: (r.Account.Id, p.Period), p.Amount))).ToDictionary(p => p.Key, p => p.Amount);
        var found = await debts.CompleteAsync(
            rows.Select(r => new LoadedAccount(r.Account, r.Biller)).ToList(), rows.Select(r => r.Account.Id).ToList(), askOnlineBillers: true, cancellationToken, paid);
        var byAccount = found.ToDictionary(d => d.AccountId);
        var accounts = rows
            .Where(r => byAccount.ContainsKey(r.Account.Id))
            .Select(r => new CabinetAccount(r.LinkId, byAccount[r.Account.Id]))
            .ToList();
        return new CabinetView(rows[0].Code, rows[0].FullName, accounts);
    }
}
