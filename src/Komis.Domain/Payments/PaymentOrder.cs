using Komis.Domain.Accounts;
using Komis.Domain.Common;

namespace Komis.Domain.Payments;

/// <summary>One line of an order: an account and what to pay on it.</summary>
public sealed record PaymentLine(int BillerId, long BillerAccountId, string AccountNumber, IReadOnlyList<(BillingPeriod? Period, decimal Amount)> Allocations);

/// <summary>
/// What the payer pays at once: by card through the acquirer (one amount), or in cash at a branch. It holds one
/// <see cref="Payment"/> per biller account. The client's idempotency key is unique, so a double click, a refresh or a
/// replayed form finds this order instead of making another.
/// </summary>
public sealed class PaymentOrder
{
    public const int IdempotencyKeyMaxLength = 64;
    public const int MaxLines = 30;

    private readonly List<Payment> _payments = [];

    private PaymentOrder()
    {
        IdempotencyKey = "";
        ServicePoint = "";
    }

    public PaymentOrder(string idempotencyKey, PaymentChannel channel, string servicePoint, Guid? subscriberId, Guid? branchId, Guid? tellerId,
        IReadOnlyList<PaymentLine> lines, decimal feePerPayment, DateTimeOffset now, TimeSpan lifetime)
        : this()
    {
        if (string.IsNullOrWhiteSpace(idempotencyKey) || idempotencyKey.Length > IdempotencyKeyMaxLength)
        {
            throw new DomainException("payment.idempotency-key", "An idempotency key of 1-64 characters is required.");
        }

        if (lines.Count is 0 or > MaxLines)
        {
            throw new DomainException("payment.lines", "An order pays 1 to 30 accounts.");
        }

        if (lines.GroupBy(l => l.BillerAccountId).Any(g => g.Count() > 1))
        {
            throw new DomainException("payment.duplicate-account", "An account appears twice in one order.");
        }

        Id = Guid.NewGuid();
        IdempotencyKey = idempotencyKey;
        Channel = channel;
        ServicePoint = servicePoint;
        SubscriberId = subscriberId;
        BranchId = branchId;
        TellerId = tellerId;
        CreatedAt = now;
        ExpiresAt = now + lifetime;
        Status = PaymentStatus.Pending;
        foreach (var line in lines)
        {
            _payments.Add(new Payment(Id, line.BillerId, line.BillerAccountId, line.AccountNumber, line.Allocations, feePerPayment, channel, now));
        }

        Amount = _payments.Sum(p => p.Amount);
        Fee = _payments.Sum(p => p.Fee);
    }

    public Guid Id { get; private set; }

    public string IdempotencyKey { get; private set; }

    public PaymentChannel Channel { get; private set; }

    /// <summary>Where the money was taken: the internet portal, or a branch's code and name.</summary>
    public string ServicePoint { get; private set; }

    public Guid? SubscriberId { get; private set; }

    public Guid? BranchId { get; private set; }

    public Guid? TellerId { get; private set; }

    public PaymentStatus Status { get; private set; }

    public decimal Amount { get; private set; }

    public decimal Fee { get; private set; }

    public decimal Total => Amount + Fee;

    public DateTimeOffset CreatedAt { get; private set; }

    public DateTimeOffset ExpiresAt { get; private set; }

    public DateTimeOffset? CompletedAt { get; private set; }

    /// <summary>The acquirer's reference of the card transaction.</summary>
    public string? AcquirerReference { get; private set; }

    public IReadOnlyList<Payment> Payments => _payments;

    /// <summary>Marks the order and every payment in it paid; <paramref name="receiptNumbers"/> gives each payment its receipt.</summary>
    public void MarkPaid(DateTimeOffset at, string? acquirerReference, Func<string> receiptNumbers)
    {
        EnsurePending(PaymentStatus.Paid);
        Status = PaymentStatus.Paid;
        CompletedAt = at;
        AcquirerReference = acquirerReference;
        foreach (var payment in _payments)
        {
            payment.MarkPaid(at, receiptNumbers());
        }
    }

    public void Decline(DateTimeOffset at, string? acquirerReference)
    {
        EnsurePending(PaymentStatus.Declined);
        Status = PaymentStatus.Declined;
        CompletedAt = at;
        AcquirerReference = acquirerReference;
        _payments.ForEach(p => p.Decline());
    }

    public void Expire(DateTimeOffset at)
    {
        EnsurePending(PaymentStatus.Expired);
        Status = PaymentStatus.Expired;
        CompletedAt = at;
        _payments.ForEach(p => p.Expire());
    }

    public bool IsExpiredAt(DateTimeOffset now) => Status == PaymentStatus.Pending && now >= ExpiresAt;

    private void EnsurePending(PaymentStatus to)
    {
        if (Status != PaymentStatus.Pending)
        {
            throw new DomainException("payment.transition", $"An order cannot go from {Status} to {to}.");
        }
    }
}
