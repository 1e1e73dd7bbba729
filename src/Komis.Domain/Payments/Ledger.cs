using Komis.Domain.Common;

namespace Komis.Domain.Payments;

/// <summary>The ledger accounts Komis books against.</summary>
public static class LedgerAccounts
{
    /// <summary>Money the card acquirer owes Komis for approved card payments.</summary>
    public const string AcquirerClearing = "acquirer-clearing";

    /// <summary>Komis's income from channel fees.</summary>
    public const string FeeIncome = "fee-income";

    /// <summary>Cash held by one branch's tills: "branch-cash:{branchId}".</summary>
    public static string BranchCash(Guid branchId) => $"branch-cash:{branchId:N}";

    /// <summary>What Komis owes one biller: "biller-payable:{code}".</summary>
    public static string BillerPayable(string billerCode) => $"biller-payable:{billerCode}";
}

/// <summary>
/// One line of the double-entry journal. Entries are never changed or deleted (the database refuses it);
/// a correction is a new journal that reverses the old one.
/// </summary>
public sealed class LedgerEntry
{
    public const int AccountMaxLength = 64;

    private LedgerEntry()
    {
        Account = "";
        Memo = "";
    }

    public LedgerEntry(Guid journalId, Guid? paymentId, string account, decimal debit, decimal credit, string memo, DateTimeOffset at)
        : this()
    {
        if ((debit == 0) == (credit == 0) || debit < 0 || credit < 0)
        {
            throw new DomainException("ledger.side", "An entry is either a debit or a credit, of a positive amount.");
        }

        JournalId = journalId;
        PaymentId = paymentId;
        Account = account;
        Debit = Money.EnsureValid(debit, "A debit");
        Credit = Money.EnsureValid(credit, "A credit");
        Memo = memo;
        CreatedAt = at;
    }

    public long Id { get; private set; }

    /// <summary>The entries written together; their debits equal their credits.</summary>
    public Guid JournalId { get; private set; }

    public Guid? PaymentId { get; private set; }

    public string Account { get; private set; }

    public decimal Debit { get; private set; }

    public decimal Credit { get; private set; }

    public string Memo { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }
}

/// <summary>Builds the balanced journals for payments and their reversals.</summary>
public static class Journals
{
    /// <summary>
    /// A paid payment: the money source (acquirer clearing or the branch's cash) is debited with the total; the biller's
    /// payable is credited with the amount, fee income with the fee.
    /// </summary>
    public static IReadOnlyList<LedgerEntry> ForPaid(Payment payment, string billerCode, string source, DateTimeOffset at)
    {
        var journal = Guid.NewGuid();
        var entries = new List<LedgerEntry>
        {
            new(journal, payment.Id, source, payment.Total, 0, "payment", at),
            new(journal, payment.Id, LedgerAccounts.BillerPayable(billerCode), 0, payment.Amount, "payment", at),
        };
        if (payment.Fee > 0)
        {
            entries.Add(new LedgerEntry(journal, payment.Id, LedgerAccounts.FeeIncome, 0, payment.Fee, "payment fee", at));
        }

        return entries;
    }

    /// <summary>The exact opposite of <see cref="ForPaid"/>: a new journal, the original stays.</summary>
    public static IReadOnlyList<LedgerEntry> ForReversal(Payment payment, string billerCode, string source, DateTimeOffset at)
    {
        var journal = Guid.NewGuid();
        var entries = new List<LedgerEntry>
        {
            new(journal, payment.Id, source, 0, payment.Total, "reversal", at),
            new(journal, payment.Id, LedgerAccounts.BillerPayable(billerCode), payment.Amount, 0, "reversal", at),
        };
        if (payment.Fee > 0)
        {
            entries.Add(new LedgerEntry(journal, payment.Id, LedgerAccounts.FeeIncome, payment.Fee, 0, "reversal fee", at));
        }

        return entries;
    }
}

/// <summary>Receipt numbers: 11 digits from a database sequence and a Luhn check digit, "12 digits".</summary>
public static class ReceiptNumber
{
    public static string FromSequence(long n) =>
        n is < 0 or > 99_999_999_999
            ? throw new ArgumentOutOfRangeException(nameof(n))
            : n.ToString("D11", System.Globalization.CultureInfo.InvariantCulture) + Luhn.ComputeCheckDigit(n.ToString("D11", System.Globalization.CultureInfo.InvariantCulture));

    public static bool IsValid(string? number) => number is { Length: 12 } && Luhn.IsValid(number);
}
