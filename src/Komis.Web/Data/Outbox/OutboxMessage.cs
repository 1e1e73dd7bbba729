namespace Komis.Web.Data.Outbox;

public enum OutboxKind
{
    PaymentPaid,
    PaymentReversed,
}

/// <summary>
/// A notification to a biller, written in the same transaction as the payment change it reports (transactional
/// outbox). The dispatcher delivers each one to the biller's webhook, or the biller pulls and acknowledges it.
/// </summary>
public sealed class OutboxMessage
{
    private OutboxMessage()
    {
        Payload = "";
    }

    public OutboxMessage(int billerId, Guid paymentId, OutboxKind kind, string payload, DateTimeOffset now)
        : this()
    {
        BillerId = billerId;
        PaymentId = paymentId;
        Kind = kind;
        Payload = payload;
        CreatedAt = now;
        NextAttemptAt = now;
    }

    /// <summary>Also the cursor of the biller's pull feed: ids only grow.</summary>
    public long Id { get; private set; }

    public int BillerId { get; private set; }

    public Guid PaymentId { get; private set; }

    public OutboxKind Kind { get; private set; }

    /// <summary>The JSON body sent to the biller.</summary>
    public string Payload { get; private set; }

    public DateTimeOffset CreatedAt { get; private set; }

    public int Attempts { get; private set; }

    public DateTimeOffset NextAttemptAt { get; private set; }

    public DateTimeOffset? DeliveredAt { get; private set; }

    /// <summary>"webhook" or "pull".</summary>
    public string? DeliveredVia { get; private set; }

    public string? LastError { get; private set; }

    public void MarkDelivered(DateTimeOffset at, string via)
    {
        DeliveredAt ??= at;
        DeliveredVia ??= via;
        Attempts++;
        LastError = null;
    }

    public void ScheduleRetry(DateTimeOffset next, string error)
    {
        Attempts++;
        NextAttemptAt = next;
        LastError = error.Length > 300 ? error[..300] : error;
    }
}
