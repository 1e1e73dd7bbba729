using System.Globalization;
using Komis.Domain.Accounts;
using Komis.Domain.Billers;
using Komis.Domain.Common;
using Komis.Web.Api.Contracts;
using Komis.Web.Data;
using Komis.Web.Features.Accounts;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Komis.Web.Features.Registry;

/// <summary>The result of an import: either the counts, or the first errors (and nothing changed).</summary>
public sealed record RegistryImportResult(RegistryImportResponse? Applied, IReadOnlyList<RegistryLineError> Errors);

/// <summary>
/// Imports a biller's registry (CSV: account,holder_name,address,holder_fin,period,amount,due_date).
/// Rows are checked one by one as they stream from the request into a temporary table (COPY), then checked as a whole
/// (duplicates, conflicting holder data, stale data), then merged in the same transaction: the whole file applies
/// or none of it does. Each account in the file is replaced by the file's view (its charges not listed are closed);
/// accounts not in the file are left alone. A row with empty period, amount and due date lists an account that
/// owes nothing. One biller's imports run one at a time.
/// </summary>
public sealed class RegistryImport(NpgsqlDataSource dataSource, KomisDbContext db, ILogger<RegistryImport> logger)
{
    public const string Header = "account,holder_name,address,holder_fin,period,amount,due_date";
    public const int MaxErrors = 20;
    private const int Columns = 7;

    /// <summary>
    /// Advisory lock space of a biller's account data: an import holds (space, biller) alone for its whole transaction,
    /// a single-account PUT holds it shared, so the two never interleave.
    /// </summary>
    public const int LockSpace = 20241;

    /// <summary>work_mem for an import's transaction: enough to hash a million-row registry in memory.</summary>
    private const string WorkMem = "256MB";

    public async Task<RegistryImportResult> ImportAsync(int billerId, Stream csv, DateTimeOffset asOf, CancellationToken cancellationToken)
    {
        var format = (await db.Billers.AsNoTracking().SingleAsync(b => b.Id == billerId, cancellationToken)).AccountFormat;
        var errors = new List<RegistryLineError>();

        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        await ExecuteAsync(connection, transaction, cancellationToken,
            $"SELECT pg_advisory_xact_lock({LockSpace}, @biller)", ("biller", billerId));
        // A registry is a million rows: its checks and merges group, sort and hash them. This transaction alone gets
        // the memory to do that without spilling to disk (SET LOCAL ends with the transaction).
        await ExecuteAsync(connection, transaction, cancellationToken, $"SET LOCAL work_mem = '{WorkMem}'");
        await ExecuteAsync(connection, transaction, cancellationToken, """
            CREATE TEMP TABLE registry_rows (
                line bigint NOT NULL, account text NOT NULL, holder_name text NOT NULL, address text NOT NULL,
                holder_fin text, period date, amount numeric(18,2), due_date date) ON COMMIT DROP
            """);

        long rows = 0;
        using (var reader = new CsvRecordReader(csv))
        {
            // Text COPY: the app writes each row as a line, PostgreSQL parses it (see CopyTextRows). Should the file prove
            // bad, the rows written so far are completed into the temporary table and rolled back with the transaction.
            await using var copy = await connection.BeginTextImportAsync(
                "COPY registry_rows (line, account, holder_name, address, holder_fin, period, amount, due_date) FROM STDIN",
                cancellationToken);
            var text = new CopyTextRows(copy);
            try
            {
                if (!await reader.ReadAsync(cancellationToken) || !IsHeader(reader.Fields))
                {
                    return Rejected([new RegistryLineError(1, "header", $"The first line must be the header '{Header}'.")]);
                }

                while (errors.Count < MaxErrors && await reader.ReadAsync(cancellationToken))
                {
                    rows++;
                    var row = Parse(reader.Line, reader.Fields, format, errors);
                    if (row is null || errors.Count > 0)
                    {
                        continue; // keep reading to report more errors; nothing more is written
                    }

                    text.Add(row.Line);
                    text.Add(row.Account);
                    text.Add(row.HolderName);
                    text.Add(row.Address);
                    text.Add(row.HolderFin);
                    text.Add(row.Period?.FirstDay);
                    text.Add(row.Amount);
                    text.Add(row.DueDate);
                    await text.EndRowAsync(cancellationToken);
                }
            }
            catch (CsvFormatException ex)
            {
                errors.Add(new RegistryLineError(ex.Line, "file", ex.Message));
            }

            if (errors.Count > 0)
            {
                return Rejected(errors);
            }

            if (rows == 0)
            {
                return Rejected([new RegistryLineError(2, "file", "The registry has no rows.")]);
            }

            await text.FlushAsync(cancellationToken);
        }

        // Temporary tables get no statistics by themselves; without them the planner guesses a tiny table.
        await ExecuteAsync(connection, transaction, cancellationToken, "ANALYZE registry_rows");
        // One pass groups the file by account (registry_holders: its lines, its holder data and whether that is the same
        // on every line); the per-account checks, the staleness check and the accounts upsert then read one row per
        // account instead of every line.
        await ExecuteAsync(connection, transaction, cancellationToken, """
            CREATE TEMP TABLE registry_holders ON COMMIT DROP AS
            SELECT account, min(line) AS first_line, max(line) AS last_line, count(*) AS rows,
                   count(*) FILTER (WHERE period IS NULL) AS empties,
                   -- min = max on each field: the same holder data on every line (hashable, no sort)
                   min(holder_name) = max(holder_name) AND min(address) = max(address)
                       AND min(coalesce(holder_fin, '')) = max(coalesce(holder_fin, '')) AS same_holder,
                   min(holder_name) AS holder_name, min(address) AS address, min(holder_fin) AS holder_fin
              FROM registry_rows GROUP BY account
            """);
        await ExecuteAsync(connection, transaction, cancellationToken, "ANALYZE registry_holders");

        errors.AddRange(await CheckWholeFileAsync(connection, transaction, billerId, asOf, cancellationToken));
        if (errors.Count > 0)
        {
            return Rejected(errors);
        }

        var applied = await MergeAsync(connection, transaction, billerId, asOf, rows, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        logger.LogInformation(
            "Registry of biller {BillerId} applied: {Rows} rows, accounts +{AccountsCreated}/~{AccountsUpdated}, charges +{ChargesCreated}/~{ChargesUpdated}/-{ChargesRemoved}",
            billerId, rows, applied.AccountsCreated, applied.AccountsUpdated, applied.ChargesCreated, applied.ChargesUpdated, applied.ChargesRemoved);
        return new RegistryImportResult(applied, []);

        RegistryImportResult Rejected(IReadOnlyList<RegistryLineError> found)
        {
            logger.LogInformation("Registry of biller {BillerId} rejected: {Errors} error(s), first on line {Line}", billerId, found.Count, found[0].Line);
            return new RegistryImportResult(null, found.OrderBy(e => e.Line).Take(MaxErrors).ToList());
        }
    }

    private static bool IsHeader(List<string> fields) =>
        string.Join(',', fields.Select(f => f.Trim().ToLowerInvariant())) == Header;

    internal sealed record Row(long Line, string Account, string HolderName, string Address, string? HolderFin, BillingPeriod? Period, decimal? Amount, DateOnly? DueDate);

    internal static Row? Parse(long line, List<string> fields, AccountNumberFormat format, List<RegistryLineError> errors)
    {
        if (fields.Count != Columns)
        {
            errors.Add(new RegistryLineError(line, "file", $"Expected {Columns} fields, found {fields.Count}."));
            return null;
        }

        var before = errors.Count;
        void Error(string field, string message) => errors.Add(new RegistryLineError(line, field, message));

        var account = AccountNumberFormat.Normalize(fields[0]);
        if (!format.IsValid(account))
        {
            Error("account", "The account number does not match this biller's account format.");
        }

        var holderName = fields[1].Trim();
        if (holderName.Length is 0 or > BillerAccount.HolderNameMaxLength || HasControl(holderName))
        {
            Error("holder_name", "The holder name is required: 1 to 200 characters, no control characters.");
        }

        var address = fields[2].Trim();
        if (address.Length > BillerAccount.AddressMaxLength || HasControl(address))
        {
            Error("address", "The address is at most 300 characters, no control characters.");
        }

        string? fin = null;
        if (!string.IsNullOrWhiteSpace(fields[3]))
        {
            fin = Fin.Normalize(fields[3]);
            if (!Fin.IsValid(fin))
            {
                Error("holder_fin", "A FIN is 7 Latin letters and digits without I and O.");
            }
        }

        BillingPeriod? period = null;
        decimal? amount = null;
        DateOnly? dueDate = null;
        var (p, a, d) = (fields[4].Trim(), fields[5].Trim(), fields[6].Trim());
        if (p.Length == 0 && a.Length == 0 && d.Length == 0)
        {
            // an account that owes nothing
        }
        else
        {
            if (BillingPeriod.TryParse(p, out var parsedPeriod))
            {
                period = parsedPeriod;
            }
            else
            {
                Error("period", "The period is written YYYY-MM.");
            }

            if (TryParseAmount(a, out var parsedAmount, out var amountError))
            {
                amount = parsedAmount;
            }
            else
            {
                Error("amount", amountError);
            }

            if (TryParseIsoDate(d, out var parsedDue))
            {
                dueDate = parsedDue;
            }
            else
            {
                Error("due_date", "The due date is written YYYY-MM-DD.");
            }
        }

        return errors.Count == before ? new Row(line, account, holderName, address, fin, period, amount, dueDate) : null;
    }

    /// <summary>Plain decimal with a point: "12.5", "12.50", "0"; no sign, no thousands separators, no comma.</summary>
    /// <remarks>Run on a million rows per registry: spans, no substrings or LINQ.</remarks>
    private static bool TryParseAmount(string text, out decimal amount, out string error)
    {
        amount = 0;
        error = "";
        if (text.StartsWith('-'))
        {
            error = "Negative amounts are not allowed.";
            return false;
        }

        var span = text.AsSpan();
        var point = span.IndexOf('.');
        var whole = point < 0 ? span : span[..point];
        var fraction = point < 0 ? [] : span[(point + 1)..];
        if (whole.Length is 0 or > 16 || whole.ContainsAnyExceptInRange('0', '9') ||
            (point >= 0 && (fraction.Length is 0 or > 2 || fraction.ContainsAnyExceptInRange('0', '9'))))
        {
            error = "The amount is a number with at most two decimals and a point as the separator (12.50).";
            return false;
        }

        amount = decimal.Parse(span, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture);
        if (amount > PutAccountValidator.MaxChargeAmount)
        {
            error = $"The amount is above {PutAccountValidator.MaxChargeAmount.ToString("N0", CultureInfo.InvariantCulture)} AZN.";
            return false;
        }

        return true;
    }

    /// <summary>
    /// Exactly <c>yyyy-MM-dd</c> in ASCII digits, a real day (what <c>DateOnly.TryParseExact(…, "yyyy-MM-dd", invariant)</c>
    /// accepts, at a tenth of its cost: a registry has a million of them).
    /// </summary>
    internal static bool TryParseIsoDate(ReadOnlySpan<char> text, out DateOnly date)
    {
        date = default;
        if (text.Length != 10 || text[4] != '-' || text[7] != '-' ||
            text[..4].ContainsAnyExceptInRange('0', '9') || text.Slice(5, 2).ContainsAnyExceptInRange('0', '9') ||
            text.Slice(8, 2).ContainsAnyExceptInRange('0', '9'))
        {
            return false;
        }

        var year = (text[0] - '0') * 1000 + (text[1] - '0') * 100 + (text[2] - '0') * 10 + (text[3] - '0');
        var month = (text[5] - '0') * 10 + (text[6] - '0');
        var day = (text[8] - '0') * 10 + (text[9] - '0');
        if (year < 1 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(year, month))
        {
            return false;
        }

        date = new DateOnly(year, month, day);
        return true;
    }

    /// <summary>Any character of Unicode's control category (what <see cref="char.IsControl(char)"/> says): C0, DEL and C1.</summary>
    private static bool HasControl(string s) =>
        s.AsSpan().ContainsAnyInRange('\u0000', '\u001F') || s.AsSpan().ContainsAnyInRange('\u007F', '\u009F');

    private static async Task<IReadOnlyList<RegistryLineError>> CheckWholeFileAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, int billerId, DateTimeOffset asOf, CancellationToken cancellationToken)
    {
        var errors = new List<RegistryLineError>();
        await using var command = new NpgsqlCommand($"""
            (SELECT max(line), 'period', 'The same account and period appear twice (first on line ' || min(line) || ').'
               FROM registry_rows WHERE period IS NOT NULL GROUP BY account, period HAVING count(*) > 1
               ORDER BY 1 LIMIT {MaxErrors})
            UNION ALL
            (SELECT last_line, 'account',
                    CASE WHEN NOT same_holder THEN 'The holder name, address or FIN differ from line ' || first_line || ' for the same account.'
                         WHEN empties > 0 AND rows > 1 THEN 'An account listed as owing nothing (line ' || first_line || ') also has charges.'
                         ELSE 'More than {BillerAccount.MaxCharges} open charges for one account.' END
               FROM registry_holders
              WHERE NOT same_holder OR (empties > 0 AND rows > 1) OR rows > {BillerAccount.MaxCharges}
              ORDER BY 1 LIMIT {MaxErrors})
            UNION ALL
            (SELECT r.line, 'account', 'Komis holds newer data for this account than the registry''s as-of time.'
               FROM registry_rows r
              WHERE r.account IN (SELECT h.account FROM registry_holders h
                                    JOIN biller_accounts a ON a.biller_id = @biller AND a.account_number = h.account
                                   WHERE a.as_of > @as_of)
              ORDER BY r.line LIMIT {MaxErrors})
            ORDER BY 1 LIMIT {MaxErrors}
            """, connection, transaction);
        command.Parameters.AddWithValue("biller", billerId);
        command.Parameters.AddWithValue("as_of", asOf);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            errors.Add(new RegistryLineError(reader.GetInt64(0), reader.GetString(1), reader.GetString(2)));
        }

        return errors;
    }

    private static async Task<RegistryImportResponse> MergeAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, int billerId, DateTimeOffset asOf, long rows, CancellationToken cancellationToken)
    {
        await using var batch = new NpgsqlBatch(connection, transaction)
        {
            BatchCommands =
            {
                // The accounts are upserted and their ids kept in one statement (no second look-up by number).
                new NpgsqlBatchCommand("CREATE TEMP TABLE registry_accounts (id bigint NOT NULL, account_number text NOT NULL, inserted boolean NOT NULL) ON COMMIT DROP"),
                new NpgsqlBatchCommand("""
                    WITH upserted AS (
                        INSERT INTO biller_accounts (biller_id, account_number, holder_name, address, holder_fin, status, as_of)
                        SELECT @biller, account, holder_name, address, holder_fin, 'Active', @as_of
                          FROM registry_holders ORDER BY account
                        ON CONFLICT (biller_id, account_number) DO UPDATE
                           SET holder_name = excluded.holder_name, address = excluded.address, holder_fin = excluded.holder_fin,
                               status = excluded.status, as_of = excluded.as_of
                        RETURNING id, account_number, (xmax = 0) AS inserted)
                    INSERT INTO registry_accounts SELECT id, account_number, inserted FROM upserted
                    """),
                new NpgsqlBatchCommand("SELECT count(*) FILTER (WHERE inserted), count(*) FILTER (WHERE NOT inserted) FROM registry_accounts"),
                new NpgsqlBatchCommand("ANALYZE registry_accounts"),
                // The charges of the listed accounts against the file's, in one pass (a full join of the two): a charge the
                // file no longer lists is closed (deleted), a new one inserted, a changed one updated by its id, and one the
                // registry repeats unchanged is not touched at all (an INSERT ... ON CONFLICT DO UPDATE would lock, and so
                // write, every one of them even when its WHERE then leaves it). Single-account PUTs wait for the import
                // (the biller's lock, shared), so no charge comes or goes between the look-up and the writes.
                new NpgsqlBatchCommand("""
                    WITH listed AS (
                        SELECT ra.id AS account_id, r.period, r.amount, r.due_date
                          FROM registry_rows r JOIN registry_accounts ra ON ra.account_number = r.account
                         WHERE r.period IS NOT NULL),
                    held AS (
                        SELECT c.id, c.biller_account_id, c.period, c.amount, c.due_date
                          FROM charges c JOIN registry_accounts ra ON ra.id = c.biller_account_id),
                    changes AS (
                        SELECT l.account_id, l.period, l.amount, l.due_date, h.id AS charge_id
                          FROM listed l FULL JOIN held h ON h.biller_account_id = l.account_id AND h.period = l.period
                         WHERE l.account_id IS NULL OR h.id IS NULL OR (h.amount, h.due_date) IS DISTINCT FROM (l.amount, l.due_date)),
                    removed AS (
                        DELETE FROM charges c USING changes x
                         WHERE x.account_id IS NULL AND c.id = x.charge_id
                        RETURNING 1),
                    updated AS (
                        UPDATE charges c SET amount = x.amount, due_date = x.due_date
                          FROM changes x WHERE x.account_id IS NOT NULL AND c.id = x.charge_id
                        RETURNING 1),
                    inserted AS (
                        INSERT INTO charges (biller_account_id, period, amount, due_date)
                        SELECT account_id, period, amount, due_date FROM changes WHERE charge_id IS NULL
                        ON CONFLICT (biller_account_id, period) DO UPDATE SET amount = excluded.amount, due_date = excluded.due_date
                        RETURNING (xmax = 0) AS created)
                    SELECT (SELECT count(*) FROM removed),
                           (SELECT count(*) FROM inserted WHERE created),
                           (SELECT count(*) FROM updated) + (SELECT count(*) FROM inserted WHERE NOT created)
                    """),
            },
        };
        batch.BatchCommands[1].Parameters.AddWithValue("biller", billerId);
        batch.BatchCommands[1].Parameters.AddWithValue("as_of", asOf);

        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        var (accountsCreated, accountsUpdated) = (reader.GetInt64(0), reader.GetInt64(1));
        await reader.NextResultAsync(cancellationToken); // (ANALYZE returns no rows and is skipped)
        await reader.ReadAsync(cancellationToken);
        var (chargesRemoved, chargesCreated, chargesUpdated) = (reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2));
        return new RegistryImportResponse(rows, accountsCreated, accountsUpdated, chargesCreated, chargesUpdated, chargesRemoved);
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction transaction, CancellationToken cancellationToken,
        string sql, params (string Name, object Value)[] parameters)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        await command.ExecuteNonQueryAsync(cancellationToken);
    }
}
