using Komis.Domain.Accounts;
using Komis.Domain.Billers;
using Komis.Web.Data;
using Komis.Web.Features.Billers;
using Komis.Web.Features.Debts;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Komis.Web.Features.Cabinet;

public sealed record CabinetAccount(long LinkId, AccountDebt Debt);

/// <summary>What the cabinet shows: the subscriber and, per linked account, what is owed.</summary>
public sealed record CabinetView(string Code, string FullName, IReadOnlyList<CabinetAccount> Accounts)
{
    public decimal TotalOwed => Accounts.Sum(a => Math.Max(0, a.Debt.Balance));
}

/// <summary>Reads only the signed-in subscriber's own links: the subscriber id comes from the session, never from the request.</summary>
public sealed class CabinetQuery(KomisDbContext db, DebtQuery debts, BillerDirectory billers)
{
    /// <summary>
    /// The cabinet is the busiest page, so its read is one flat statement with few plan nodes (PostgreSQL's cost per
    /// execution is mostly setting them up): a row per linked account and charge, then a row per allocation of a
    /// Komis payment made on those accounts after the biller's as-of moment, which the app sums per period and per
    /// account. The same figures as <see cref="DebtQuery"/> (paid payments only, after the as-of moment; advances and
    /// periods the biller no longer lists count in the account's total); the billers come from
    /// <see cref="BillerDirectory"/>, whose version the statement reads, instead of being repeated on every row.
    /// </summary>
    private const string Sql = $"""
        SELECT l.id, s.code, s.full_name, a.id, a.biller_id, a.account_number, a.holder_name, a.address, a.holder_fin,
               a.status, a.as_of, c.period, c.amount, c.due_date, {BillerDirectory.VersionSql}
          FROM subscriber_accounts l
          JOIN subscribers s ON s.id = l.subscriber_id
          JOIN biller_accounts a ON a.id = l.biller_account_id
          LEFT JOIN charges c ON c.biller_account_id = a.id
         WHERE l.subscriber_id = $1
        UNION ALL
        SELECT l.id, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, pa.period, pa.amount, NULL, NULL
          FROM subscriber_accounts l
          JOIN biller_accounts a ON a.id = l.biller_account_id
          JOIN payments p ON p.biller_account_id = a.id AND p.paid_at > a.as_of AND p.status = 'Paid'
          JOIN payment_allocations pa ON pa.payment_id = p.id
         WHERE l.subscriber_id = $1
        """;

    public async Task<CabinetView?> GetAsync(Guid subscriberId, CancellationToken cancellationToken)
    {
        var (code, fullName, lines, version) = await ReadAsync(subscriberId, cancellationToken);
        if (lines.Count == 0)
        {
            // No links (or no such subscriber): nothing owed to show.
            var alone = await db.Subscribers.AsNoTracking().Where(s => s.Id == subscriberId)
                .Select(s => new { s.Code, s.FullName }).SingleOrDefaultAsync(cancellationToken);
            return alone is null ? null : new CabinetView(alone.Code, alone.FullName, []);
        }

        var known = await billers.GetAsync(db, version, cancellationToken);
        // Online billers are asked for a fresh answer (within their time budget), as everywhere debts are shown.
        var debtsShown = await debts.AskOnlineBillersAsync(lines.Select(l => l.ToDebt(known[l.BillerId])).ToList(), cancellationToken);
        var accounts = lines.Zip(debtsShown, (l, d) => new CabinetAccount(l.LinkId, d)).ToList();
        return new CabinetView(code, fullName, accounts);
    }

    private async Task<(string Code, string FullName, List<Line> Lines, string BillersVersion)> ReadAsync(Guid subscriberId, CancellationToken cancellationToken)
    {
        await db.Database.OpenConnectionAsync(cancellationToken);
        try
        {
            await using var command = new NpgsqlCommand(Sql, (NpgsqlConnection)db.Database.GetDbConnection());
            command.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = subscriberId });
            await using var reader = await command.ExecuteReaderAsync(cancellationToken);
            string code = "", fullName = "", version = "";
            var lines = new Dictionary<long, Line>();
            var paid = new List<(long LinkId, BillingPeriod? Period, decimal Amount)>();
            while (await reader.ReadAsync(cancellationToken))
            {
                var linkId = reader.GetInt64(0);
                var period = reader.IsDBNull(11) ? (BillingPeriod?)null : BillingPeriod.FromDate(reader.GetFieldValue<DateOnly>(11));
                if (reader.IsDBNull(1))
                {
                    paid.Add((linkId, period, reader.GetDecimal(12)));
                    continue;
                }

                if (!lines.TryGetValue(linkId, out var line))
                {
                    code = reader.GetString(1);
                    fullName = reader.GetString(2);
                    version = reader.GetString(14);
                    lines.Add(linkId, line = new Line(
                        linkId, reader.GetInt64(3), reader.GetInt32(4), reader.GetString(5), reader.GetString(6), reader.GetString(7),
                        reader.IsDBNull(8) ? null : reader.GetString(8), Enum.Parse<BillerAccountStatus>(reader.GetString(9)),
                        reader.GetFieldValue<DateTimeOffset>(10)));
                }

                if (period is { } charged)
                {
                    line.Charges.Add((charged, reader.GetDecimal(12), reader.GetFieldValue<DateOnly>(13)));
                }
            }

            foreach (var (linkId, period, amount) in paid)
            {
                lines[linkId].Paid(period, amount);
            }

            return (code, fullName, lines.Values.OrderBy(l => l.LinkId).ToList(), version);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>One linked account as read: its charges, and what Komis took on it after the as-of moment per period (null = an advance).</summary>
    private sealed record Line(
        long LinkId, long AccountId, int BillerId, string AccountNumber, string HolderName, string Address, string? HolderFin,
        BillerAccountStatus Status, DateTimeOffset AsOf)
    {
        private readonly Dictionary<BillingPeriod, decimal> _paidFor = [];
        private decimal _paidTotal;

        public List<(BillingPeriod Period, decimal Amount, DateOnly DueDate)> Charges { get; } = [];

        public void Paid(BillingPeriod? period, decimal amount)
        {
            _paidTotal += amount;
            if (period is { } p)
            {
                _paidFor[p] = _paidFor.GetValueOrDefault(p) + amount;
            }
        }

        public AccountDebt ToDebt(Biller biller) => new(
            AccountId, biller, AccountNumber, HolderName, Address, HolderFin, Status, AsOf,
            Charges.OrderBy(c => c.Period).Select(c => new ChargeDebt(c.Period, c.Amount, _paidFor.GetValueOrDefault(c.Period), c.DueDate)).ToList(),
            _paidTotal, DebtFreshness.Stored);
    }
}
