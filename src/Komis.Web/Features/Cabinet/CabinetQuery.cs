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
        var subscriber = await db.Subscribers.AsNoTracking()
            .Where(s => s.Id == subscriberId)
            .Select(s => new { s.Code, s.FullName, Links = s.Accounts.OrderBy(a => a.Id).Select(a => new { a.Id, a.BillerAccountId }).ToList() })
            .SingleOrDefaultAsync(cancellationToken);
        if (subscriber is null)
        {
            return null;
        }

        var found = await debts.GetManyAsync(subscriber.Links.Select(l => l.BillerAccountId).ToList(), askOnlineBillers: true, cancellationToken);
        var byAccount = found.ToDictionary(d => d.AccountId);
        var accounts = subscriber.Links
            .Where(l => byAccount.ContainsKey(l.BillerAccountId))
            .Select(l => new CabinetAccount(l.Id, byAccount[l.BillerAccountId]))
            .ToList();
        return new CabinetView(subscriber.Code, subscriber.FullName, accounts);
    }
}
