using Komis.Domain.Billers;
using Komis.Domain.Common;

namespace Komis.Domain.Accounts;

public enum BillerAccountStatus
{
    Active,
    Closed,
}

/// <summary>What a biller says is owed for one period, as written in a snapshot.</summary>
public sealed record ChargeData(BillingPeriod Period, decimal Amount, DateOnly DueDate);

/// <summary>
/// An account a biller gave a citizen (abonent hesabı), with its open charges as the biller saw them at <see cref="AsOf"/>.
/// Komis payments made after <see cref="AsOf"/> are subtracted when the debt is shown; the biller's next snapshot
/// already includes them.
/// </summary>
public sealed class BillerAccount
{
    public const int HolderNameMaxLength = 200;
    public const int AddressMaxLength = 300;
    public const int MaxCharges = 120;

    private readonly List<Charge> _charges = [];

    private BillerAccount()
    {
        AccountNumber = "";
        HolderName = "";
        Address = "";
    }

    public long Id { get; private set; }

    public int BillerId { get; private set; }

    public string AccountNumber { get; private set; }

    public string HolderName { get; private set; }

    public string Address { get; private set; }

    /// <summary>Present when the biller knows it; personal data, never logged.</summary>
    public string? HolderFin { get; private set; }

    public BillerAccountStatus Status { get; private set; }

    /// <summary>The moment the biller's data describes.</summary>
    public DateTimeOffset AsOf { get; private set; }

    public IReadOnlyList<Charge> Charges => _charges;

    public decimal TotalCharged => _charges.Sum(c => c.Amount);

    public static BillerAccount Open(Biller biller, string accountNumber, string holderName, string address, string? holderFin,
        DateTimeOffset asOf, IEnumerable<ChargeData> charges)
    {
        var normalized = AccountNumberFormat.Normalize(accountNumber);
        if (!biller.AccountFormat.IsValid(normalized))
        {
            throw new DomainException("account.number-format", "The account number does not match the biller's format.");
        }

        var account = new BillerAccount
        {
            BillerId = biller.Id,
            AccountNumber = normalized,
            Status = BillerAccountStatus.Active,
            AsOf = DateTimeOffset.MinValue,
        };
        account.ReplaceSnapshot(holderName, address, holderFin, asOf, charges);
        return account;
    }

    /// <summary>
    /// Takes the biller's newer view of the account. A snapshot older than the one held is refused,
    /// so a late or replayed upload never rolls the data back.
    /// </summary>
    public void ReplaceSnapshot(string holderName, string address, string? holderFin, DateTimeOffset asOf, IEnumerable<ChargeData> charges)
    {
        if (asOf < AsOf)
        {
            throw new DomainException("account.stale", "The data is older than what Komis already holds for this account.");
        }

        holderName = (holderName ?? "").Trim();
        address = (address ?? "").Trim();
        if (holderName.Length is 0 or > HolderNameMaxLength)
        {
            throw new DomainException("account.holder-name", "The holder name is required (at most 200 characters).");
        }

        if (address.Length > AddressMaxLength)
        {
            throw new DomainException("account.address", "The address is at most 300 characters.");
        }

        var fin = string.IsNullOrWhiteSpace(holderFin) ? null : Fin.Normalize(holderFin);
        if (fin is not null && !Fin.IsValid(fin))
        {
            throw new DomainException("account.fin", "The holder FIN is not valid.");
        }

        var incoming = charges.ToList();
        if (incoming.Count > MaxCharges)
        {
            throw new DomainException("account.too-many-charges", "An account holds at most 120 open charges.");
        }

        if (incoming.GroupBy(c => c.Period).Any(g => g.Count() > 1))
        {
            throw new DomainException("account.duplicate-period", "A period appears more than once.");
        }

        foreach (var c in incoming)
        {
            Money.EnsureValid(c.Amount, "A charge amount");
        }

        HolderName = holderName;
        Address = address;
        HolderFin = fin;
        AsOf = asOf;
        Status = BillerAccountStatus.Active;

        _charges.RemoveAll(existing => incoming.All(c => c.Period != existing.Period));
        foreach (var data in incoming)
        {
            var existing = _charges.Find(c => c.Period == data.Period);
            if (existing is null)
            {
                _charges.Add(new Charge(data.Period, data.Amount, data.DueDate));
            }
            else
            {
                existing.Update(data.Amount, data.DueDate);
            }
        }
    }

    public void Close() => Status = BillerAccountStatus.Closed;
}

/// <summary>A debt (borc) for one period on one account.</summary>
public sealed class Charge
{
    private Charge()
    {
    }

    internal Charge(BillingPeriod period, decimal amount, DateOnly dueDate)
    {
        Period = period;
        Amount = amount;
        DueDate = dueDate;
    }

    public long Id { get; private set; }

    public long BillerAccountId { get; private set; }

    public BillingPeriod Period { get; private set; }

    public decimal Amount { get; private set; }

    public DateOnly DueDate { get; private set; }

    internal void Update(decimal amount, DateOnly dueDate)
    {
        Amount = amount;
        DueDate = dueDate;
    }
}
