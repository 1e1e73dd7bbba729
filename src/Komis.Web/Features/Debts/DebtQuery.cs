using System.Linq.Expressions;
using Komis.Domain.Accounts;
using Komis.Domain.Billers;
using Komis.Domain.Payments;
using Komis.Web.Data;
using Komis.Web.Integrations.Billers;
using Microsoft.EntityFrameworkCore;

namespace Komis.Web.Features.Debts;

/// <summary>Where the figures came from: Komis's stored copy, a fresh answer of an online biller, or the stored copy because the biller did not answer.</summary>
public enum DebtFreshness
{
    Stored,
    Live,
    BillerUnavailable,
}

public sealed record ChargeDebt(BillingPeriod Period, decimal Amount, decimal PaidSinceAsOf, DateOnly DueDate)
{
    public decimal Outstanding => Math.Max(0, Amount - PaidSinceAsOf);

    public bool IsOverdue(DateOnly today) => Outstanding > 0 && DueDate < today;
}

public sealed record AccountDebt(
    long AccountId,
    Biller Biller,
    string AccountNumber,
    string HolderName,
    string Address,
    string? HolderFin,
    BillerAccountStatus Status,
    DateTimeOffset AsOf,
    IReadOnlyList<ChargeDebt> Charges,
    decimal PaidSinceAsOf,
    DebtFreshness Freshness)
{
    public decimal Charged => Charges.Sum(c => c.Amount);

    /// <summary>What is owed: the biller's amount as of <see cref="AsOf"/> less Komis payments made after it (negative = credit).</summary>
    public decimal Balance => Charged - PaidSinceAsOf;
}

/// <summary>
/// An account read with its charges, its biller and what Komis took on it since the biller's as-of moment
/// (per period; null = an advance), all in one query (<see cref="DebtQuery.Rows"/>).
/// </summary>
public sealed class LoadedAccount
{
    public required BillerAccount Account { get; init; }

    public required Biller Biller { get; init; }

    public required List<PaidPeriod> Paid { get; init; }
}

/// <summary>What Komis took for one period of an account (null = an advance) after the biller's as-of moment.</summary>
public sealed class PaidPeriod
{
    public BillingPeriod? Period { get; init; }

    public decimal Amount { get; init; }
}

/// <summary>
/// The one answer to "what is owed on this account", for the tellers, payments and the API (the cabinet reads the
/// same figures with its own flat statement, held to this answer by a test).
/// A biller's data is its view as of a moment; Komis subtracts its own payments made after that moment,
/// so a payment shows at once even before the biller's next registry.
/// </summary>
public sealed class DebtQuery(KomisDbContext db, OnlineAccountRefresher refresher)
{
    /// <summary>
    /// One account of one biller. With <paramref name="askOnlineBiller"/>, an online biller is asked first
    /// (within its time budget) and its answer stored; when it fails, the stored copy is returned, marked.
    /// </summary>
    public async Task<AccountDebt?> GetAsync(int billerId, string accountNumber, bool askOnlineBiller, CancellationToken cancellationToken = default)
    {
        var biller = await db.Billers.AsNoTracking().SingleOrDefaultAsync(b => b.Id == billerId, cancellationToken);
        if (biller is null)
        {
            return null;
        }

        var normalized = AccountNumberFormat.Normalize(accountNumber);
        var freshness = DebtFreshness.Stored;
        if (askOnlineBiller && biller.Mode == IntegrationMode.Online)
        {
            freshness = await refresher.RefreshAsync(biller, normalized, cancellationToken)
                ? DebtFreshness.Live
                : DebtFreshness.BillerUnavailable;
        }

        var found = await Rows(db.BillerAccounts.Where(a => a.BillerId == billerId && a.AccountNumber == normalized))
            .SingleOrDefaultAsync(cancellationToken);
        return found is null ? null : ToDebt(found.Account, found.Biller, PaidOf([found]), freshness);
    }

    /// <summary>
    /// Several accounts at once (a cabinet, a teller's screen). Online billers among them are asked in parallel,
    /// each within its own time budget, so a slow biller delays the answer by at most that budget and never
    /// holds up the accounts of other billers. Unknown ids are skipped; the order of <paramref name="accountIds"/> is kept.
    /// </summary>
    public async Task<IReadOnlyList<AccountDebt>> GetManyAsync(IReadOnlyList<long> accountIds, bool askOnlineBillers, CancellationToken cancellationToken = default)
    {
        if (accountIds.Count == 0)
        {
            return [];
        }

        var stored = Debts(await LoadAsync(accountIds, cancellationToken), accountIds, DebtFreshness.Stored);
        return askOnlineBillers ? await AskOnlineBillersAsync(stored, cancellationToken) : stored;
    }

    /// <summary>
    /// Debts worked out from Komis's stored copy, with the online billers among them asked afresh, in parallel and
    /// each within its own time budget: an account its biller answered for is read again (<see cref="DebtFreshness.Live"/>),
    /// one it did not keeps the stored figures, marked <see cref="DebtFreshness.BillerUnavailable"/>. The order is kept.
    /// </summary>
    public async Task<IReadOnlyList<AccountDebt>> AskOnlineBillersAsync(IReadOnlyList<AccountDebt> stored, CancellationToken cancellationToken)
    {
        var online = stored.Where(d => d.Biller.Mode == IntegrationMode.Online && d.Biller.IsActive).ToList();
        if (online.Count == 0)
        {
            return stored;
        }

        var answers = await Task.WhenAll(online.Select(d => refresher.RefreshAsync(d.Biller, d.AccountNumber, cancellationToken)));
        var freshness = online.Select((d, i) => (d.AccountId, Answered: answers[i]))
            .ToDictionary(a => a.AccountId, a => a.Answered ? DebtFreshness.Live : DebtFreshness.BillerUnavailable);
        var answered = freshness.Where(f => f.Value == DebtFreshness.Live).Select(f => f.Key).ToList();
        var again = answered.Count == 0
            ? []
            : Debts(await LoadAsync(answered, cancellationToken), answered, DebtFreshness.Live).ToDictionary(d => d.AccountId);
        return stored
            .Select(d => again.TryGetValue(d.AccountId, out var fresh) ? fresh
                : freshness.TryGetValue(d.AccountId, out var marked) ? d with { Freshness = marked }
                : d)
            .ToList();
    }

    /// <summary>The debts of accounts read with <see cref="Rows"/>, in the order of <paramref name="order"/> (unknown ids skipped).</summary>
    private static List<AccountDebt> Debts(IReadOnlyList<LoadedAccount> loaded, IReadOnlyList<long> order, DebtFreshness freshness)
    {
        var paid = PaidOf(loaded);
        var byId = loaded.ToDictionary(r => r.Account.Id);
        return order.Where(byId.ContainsKey).Select(id => ToDebt(byId[id].Account, byId[id].Biller, paid, freshness)).ToList();
    }

    /// <summary>
    /// Each account of <paramref name="accounts"/> with its charges, its biller and Komis's payments since its as-of
    /// moment: what <see cref="GetManyAsync"/> starts from, read in one round trip (a caller may join it further).
    /// </summary>
    public IQueryable<LoadedAccount> Rows(IQueryable<BillerAccount> accounts) =>
        accounts.Provider.CreateQuery<LoadedAccount>(QueryShapes.Apply(RowsShape, Expression.Constant(db, typeof(KomisDbContext)), accounts.Expression));

    /// <summary>
    /// The shape of <see cref="Rows"/> as an expression of the context and the accounts, so a compiled query (one
    /// account's) can take it in. Reversed payments no longer count. (The cabinet reads the same figures with a
    /// statement of its own, <see cref="Cabinet.CabinetQuery"/>; a test holds the two to the same answer.)
    /// </summary>
    public static readonly Expression<Func<KomisDbContext, IQueryable<BillerAccount>, IQueryable<LoadedAccount>>> RowsShape = (db, accounts) =>
        from account in accounts.AsNoTracking().Include(a => a.Charges)
        join biller in db.Billers on account.BillerId equals biller.Id
        select new LoadedAccount
        {
            Account = account,
            Biller = biller,
            // Summed per period in the query (a grouped LATERAL join, planned on its own). The group key carries a
            // never-null part: a key that is wholly null (the advance, with no period) would be taken for "no row"
            // when EF Core materialises the collection.
            Paid = (from allocation in db.PaymentAllocations
                    join payment in db.Payments on allocation.PaymentId equals payment.Id
                    where payment.BillerAccountId == account.Id && payment.Status == PaymentStatus.Paid && payment.PaidAt > account.AsOf
                    group allocation by new { IsAdvance = allocation.Period == null, allocation.Period } into g
                    select new PaidPeriod { Period = g.Key.Period, Amount = g.Sum(a => a.Amount) }).ToList(),
        };

    /// <summary>
    /// One account by its id, translated once: a teller's or a single payment's look-up. (By id, not as a list of
    /// one: PostgreSQL then keeps one generic plan for the statement, where for "any of this list" it plans every run.)
    /// </summary>
    private static readonly Func<KomisDbContext, long, IAsyncEnumerable<LoadedAccount>> OneAccount = EF.CompileAsyncQuery(
        Compose((KomisDbContext db, long id) => db.BillerAccounts.Where(a => a.Id == id)));

    /// <summary>A compiled query's lambda: <see cref="RowsShape"/> over the accounts <paramref name="accounts"/> selects.</summary>
    private static Expression<Func<KomisDbContext, long, IQueryable<LoadedAccount>>> Compose(Expression<Func<KomisDbContext, long, IQueryable<BillerAccount>>> accounts) =>
        Expression.Lambda<Func<KomisDbContext, long, IQueryable<LoadedAccount>>>(
            QueryShapes.Apply(RowsShape, accounts.Parameters[0], accounts.Body), accounts.Parameters);

    private async Task<List<LoadedAccount>> LoadAsync(IReadOnlyList<long> accountIds, CancellationToken cancellationToken)
    {
        if (accountIds.Count == 1)
        {
            return await OneAccount(db, accountIds[0]).ToListAsync(cancellationToken);
        }

        return await Rows(db.BillerAccounts.Where(a => accountIds.Contains(a.Id))).ToListAsync(cancellationToken);
    }

    private static Dictionary<(long AccountId, BillingPeriod? Period), decimal> PaidOf(IEnumerable<LoadedAccount> loaded) =>
        loaded.SelectMany(r => r.Paid.Select(p => (Key: (r.Account.Id, p.Period), p.Amount))).ToDictionary(p => p.Key, p => p.Amount);

    private static AccountDebt ToDebt(
        BillerAccount account, Biller biller, IReadOnlyDictionary<(long AccountId, BillingPeriod? Period), decimal> paid, DebtFreshness freshness)
    {
        var charges = account.Charges
            .OrderBy(c => c.Period)
            .Select(c => new ChargeDebt(c.Period, c.Amount, paid.GetValueOrDefault((account.Id, c.Period)), c.DueDate))
            .ToList();
        var paidTotal = paid.Where(p => p.Key.AccountId == account.Id).Sum(p => p.Value);
        return new AccountDebt(account.Id, biller, account.AccountNumber, account.HolderName, account.Address, account.HolderFin,
            account.Status, account.AsOf, charges, paidTotal, freshness);
    }
}
