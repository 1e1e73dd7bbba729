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
    /// The cabinet is the busiest page, so its read is one flat statement: a row per linked account and charge, each
    /// charge with what Komis took for its period after the biller's as-of moment, each account with all it took
    /// since then (advances and periods the biller no longer lists included), and the billers' version. The same
    /// figures as <see cref="DebtQuery"/> (paid payments only, after the as-of moment); the billers come from
    /// <see cref="BillerDirectory"/> instead of being repeated on every row.
    /// </summary>
    private const string Sql = $"""
        SELECT s.code, s.full_name, l.id, a.id, a.biller_id, a.account_number, a.holder_name, a.address, a.holder_fin,
               a.status, a.as_of, paid.total, c.period, c.amount, c.due_date,
               (SELECT coalesce(sum(pa.amount), 0) FROM payments p JOIN payment_allocations pa ON pa.payment_id = p.id
                 WHERE p.biller_account_id = a.id AND p.status = 'Paid' AND p.paid_at > a.as_of AND pa.period = c.period),
               {BillerDirectory.VersionSql}
          FROM subscriber_accounts l
          JOIN subscribers s ON s.id = l.subscriber_id
          JOIN biller_accounts a ON a.id = l.biller_account_id
          CROSS JOIN LATERAL (SELECT coalesce(sum(pa.amount), 0) AS total FROM payments p JOIN payment_allocations pa ON pa.payment_id = p.id
                               WHERE p.biller_account_id = a.id AND p.status = 'Paid' AND p.paid_at > a.as_of) paid
          LEFT JOIN charges c ON c.biller_account_id = a.id
         WHERE l.subscriber_id = $1
         ORDER BY l.id, c.period
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
        var accounts = lines.Select(l => new CabinetAccount(l.LinkId, l.ToDebt(known[l.BillerId]))).ToList();

        // Online billers are asked for a fresh answer (within their time budget), as everywhere debts are shown.
        var online = accounts.Where(a => a.Debt.Biller.Mode == IntegrationMode.Online && a.Debt.Biller.IsActive).ToList();
        if (online.Count > 0)
        {
            var fresh = (await debts.GetManyAsync(online.Select(a => a.Debt.AccountId).ToList(), askOnlineBillers: true, cancellationToken))
                .ToDictionary(d => d.AccountId);
            accounts = accounts.Select(a => fresh.TryGetValue(a.Debt.AccountId, out var d) ? a with { Debt = d } : a).ToList();
        }

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
            var lines = new List<Line>();
            Line? line = null;
            while (await reader.ReadAsync(cancellationToken))
            {
                var linkId = reader.GetInt64(2);
                if (line is null || line.LinkId != linkId)
                {
                    code = reader.GetString(0);
                    fullName = reader.GetString(1);
                    version = reader.GetString(16);
                    line = new Line(
                        linkId, reader.GetInt64(3), reader.GetInt32(4), reader.GetString(5), reader.GetString(6), reader.GetString(7),
                        reader.IsDBNull(8) ? null : reader.GetString(8), Enum.Parse<BillerAccountStatus>(reader.GetString(9)),
                        reader.GetFieldValue<DateTimeOffset>(10), reader.GetDecimal(11));
                    lines.Add(line);
                }

                if (!reader.IsDBNull(12))
                {
                    line.Charges.Add(new ChargeDebt(
                        BillingPeriod.FromDate(reader.GetFieldValue<DateOnly>(12)), reader.GetDecimal(13), reader.GetDecimal(15), reader.GetFieldValue<DateOnly>(14)));
                }
            }

            return (code, fullName, lines, version);
        }
        finally
        {
            await db.Database.CloseConnectionAsync();
        }
    }

    /// <summary>One linked account as read, with its charges in period order.</summary>
    private sealed record Line(
        long LinkId, long AccountId, int BillerId, string AccountNumber, string HolderName, string Address, string? HolderFin,
        BillerAccountStatus Status, DateTimeOffset AsOf, decimal PaidSinceAsOf)
    {
        public List<ChargeDebt> Charges { get; } = [];

        public AccountDebt ToDebt(Biller biller) => new(
            AccountId, biller, AccountNumber, HolderName, Address, HolderFin, Status, AsOf, Charges, PaidSinceAsOf, DebtFreshness.Stored);
    }
}
