using Komis.Domain.Accounts;
using Komis.Domain.Common;

namespace Komis.Domain.Payments;

public enum PaymentStatus
{
    Pending,
    Paid,
    Declined,
    Expired,
    Reversed,
}

public enum PaymentChannel
{
    Internet,
    BankBranch,
    PostBranch,
}

/// <summary>How much of a payment goes to which period; a null period is an advance on the account.</summary>
public sealed class PaymentAllocation
{
    private PaymentAllocation()
    {
    }

    internal PaymentAllocation(BillingPeriod? period, decimal amount)
    {
        Period = period;
        Amount = amount;
    }

    public long Id { get; private set; }

    public Guid PaymentId { get; private set; }

    public BillingPeriod? Period { get; private set; }

    public decimal Amount { get; private set; }
}

/// <summary>
/// Money paid against one biller account (ödəniş). Its life: Pending → Paid → Reversed; Pending → Declined;
/// Pending → Expired. Any other move throws.
/// </summary>
public sealed class Payment
{
    private readonly List<PaymentAllocation> _allocations = [];

    private Payment()
    {
        AccountNumber = "";
    }

    internal Payment(Guid orderId, int billerId, long billerAccountId, string accountNumber, IEnumerable<(BillingPeriod? Period, decimal Amount)> allocations,
        decimal fee, PaymentChannel channel, DateTimeOffset now)
        : this()
    {
        Id = Guid.NewGuid();
        OrderId = orderId;
        BillerId = billerId;
        BillerAccountId = billerAccountId;
        AccountNumber = accountNumber;
        foreach (var (period, amount) in allocations)
        {
            Money.EnsureValid(amount, "An allocated amount", allowZero: false);
            _allocations.Add(new PaymentAllocation(period, amount));
        }

        if (_allocations.Count == 0)
        {
            throw new DomainException("payment.empty", "A payment pays at least one period or an advance.");
        }

        if (_allocations.Where(a => a.Period is not null).GroupBy(a => a.Period).Any(g => g.Count() > 1) || _allocations.Count(a => a.Period is null) > 1)
        {
            throw new DomainException("payment.duplicate-period", "A period appears twice in one payment.");
        }

        Amount = _allocations.Sum(a => a.Amount);
        Fee = Money.EnsureValid(fee, "The fee");
        Channel = channel;
        Status = PaymentStatus.Pending;
        CreatedAt = now;
    }

    public Guid Id { get; private set; }

    public Guid OrderId { get; private set; }

    public int BillerId { get; private set; }

    public long BillerAccountId { get; private set; }

    public string AccountNumber { get; private set; }

    /// <summary>What reaches the biller.</summary>
    public decimal Amount { get; private set; }

    /// <summary>Komis's channel fee on top of <see cref="Amount"/>.</summary>
    public decimal Fee { get; private set; }

    public decimal Total => Amount + Fee;

    public PaymentChannel Channel { get; private set; }

    public PaymentStatus Status { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset? PaidAt { get; private set; }

    public DateTimeOffset? ReversedAt { get; private set; }

    public string? ReversalReason { get; private set; }

    /// <summary>The central receipt number, given when the payment is paid.</summary>
    public string? ReceiptNumber { get; private set; }

    public IReadOnlyList<PaymentAllocation> Allocations => _allocations;

    public void MarkPaid(DateTimeOffset at, string receiptNumber)
    {
        Move(PaymentStatus.Pending, PaymentStatus.Paid);
        PaidAt = at;
        ReceiptNumber = receiptNumber;
    }

    public void Decline() => Move(PaymentStatus.Pending, PaymentStatus.Declined);

    public void Expire() => Move(PaymentStatus.Pending, PaymentStatus.Expired);

    public void Reverse(DateTimeOffset at, string reason)
    {
        if (string.IsNullOrWhiteSpace(reason))
        {
            throw new DomainException("payment.reversal-reason", "A reversal needs a reason.");
        }

        Move(PaymentStatus.Paid, PaymentStatus.Reversed);
        ReversedAt = at;
        ReversalReason = reason.Trim();
    }

    private void Move(PaymentStatus from, PaymentStatus to)
    {
        if (Status != from)
        {
            throw new DomainException("payment.transition", $"A payment cannot go from {Status} to {to}.");
        }

        Status = to;
    }
}
