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
        // The subscriber, the links, and each account with its charges, biller and what Komis took on it since the
        // biller's as-of moment: one round trip. (The accounts' query is built outside the query expression: a method
        // call inside it would be evaluated on every run.)
        var withDebts = debts.Rows(db.BillerAccounts);
        var rows = await (
                from link in db.SubscriberAccounts.AsNoTracking()
                where link.SubscriberId == subscriberId
                join subscriber in db.Subscribers on link.SubscriberId equals subscriber.Id
                join loaded in withDebts on link.BillerAccountId equals loaded.Account.Id
                orderby link.Id
                select new { LinkId = link.Id, subscriber.Code, subscriber.FullName, Loaded = loaded })
            .ToListAsync(cancellationToken);
        if (rows.Count == 0)
        {
            // No links (or no such subscriber): nothing owed to show.
            var alone = await db.Subscribers.AsNoTracking().Where(s => s.Id == subscriberId)
                .Select(s => new { s.Code, s.FullName }).SingleOrDefaultAsync(cancellationToken);
            return alone is null ? null : new CabinetView(alone.Code, alone.FullName, []);
        }

        var found = await debts.CompleteAsync(
            rows.Select(r => r.Loaded).ToList(), rows.Select(r => r.Loaded.Account.Id).ToList(), askOnlineBillers: true, cancellationToken);
        var byAccount = found.ToDictionary(d => d.AccountId);
        var accounts = rows
            .Where(r => byAccount.ContainsKey(r.Loaded.Account.Id))
            .Select(r => new CabinetAccount(r.LinkId, byAccount[r.Loaded.Account.Id]))
            .ToList();
        return new CabinetView(rows[0].Code, rows[0].FullName, accounts);
    }
}
