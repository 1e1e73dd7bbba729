using System.Linq.Expressions;
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
    /// <summary>
    /// The subscriber, the links, and each account with its charges, biller and what Komis took on it since the
    /// biller's as-of moment: one round trip, translated by EF Core once (the cabinet is the busiest page).
    /// </summary>
    private static readonly Func<KomisDbContext, Guid, IAsyncEnumerable<CabinetRow>> Rows = EF.CompileAsyncQuery(Compose(
        (db, subscriberId, accounts) =>
            from link in db.SubscriberAccounts.AsNoTracking()
            where link.SubscriberId == subscriberId
            join subscriber in db.Subscribers on link.SubscriberId equals subscriber.Id
            join loaded in accounts on link.BillerAccountId equals loaded.Account.Id
            orderby link.Id
            select new CabinetRow { LinkId = link.Id, Code = subscriber.Code, FullName = subscriber.FullName, Loaded = loaded }));

    public async Task<CabinetView?> GetAsync(Guid subscriberId, CancellationToken cancellationToken)
    {
        var rows = await Rows(db, subscriberId).ToListAsync(cancellationToken);
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

    /// <summary>The cabinet's query with <see cref="DebtQuery.RowsShape"/> over all accounts put in for its third parameter.</summary>
    private static Expression<Func<KomisDbContext, Guid, IQueryable<CabinetRow>>> Compose(
        Expression<Func<KomisDbContext, Guid, IQueryable<LoadedAccount>, IQueryable<CabinetRow>>> query)
    {
        var context = query.Parameters[0];
        var allAccounts = QueryShapes.Apply(DebtQuery.RowsShape, context, Expression.Property(context, nameof(KomisDbContext.BillerAccounts)));
        return Expression.Lambda<Func<KomisDbContext, Guid, IQueryable<CabinetRow>>>(
            QueryShapes.Apply(query, context, query.Parameters[1], allAccounts), context, query.Parameters[1]);
    }

    private sealed class CabinetRow
    {
        public long LinkId { get; init; }

        public required string Code { get; init; }

        public required string FullName { get; init; }

        public required LoadedAccount Loaded { get; init; }
    }
}
