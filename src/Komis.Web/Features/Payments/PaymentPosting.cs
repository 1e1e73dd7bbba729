using System.Text.Json;
using Komis.Domain.Common;
using Komis.Domain.Payments;
using Komis.Web.Data;
using Komis.Web.Data.Outbox;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Komis.Web.Features.Payments;

public enum PostingStatus
{
    Done,

    /// <summary>The order was already in the asked state (a replayed callback, a double click): nothing changed.</summary>
    AlreadyDone,

    /// <summary>The order is in another final state; the asked change is not possible.</summary>
    Conflict,
    NotFound,
}

/// <summary>The notification a biller receives (by webhook or pull) for each paid or reversed payment.</summary>
public sealed record PaymentNotification(
    string Event,
    Guid PaymentId,
    string ReceiptNumber,
    string AccountNumber,
    decimal Amount,
    string Currency,
    IReadOnlyList<PeriodAmount> Periods,
    DateTimeOffset PaidAt,
    string Channel,
    string ServicePoint,
    DateTimeOffset? ReversedAt,
    string? ReversalReason);

/// <summary>A period ("YYYY-MM", or null for an advance) and the amount paid for it.</summary>
public sealed record PeriodAmount(string? Period, decimal Amount);

/// <summary>
/// Every change of a payment's state, in one database transaction with the order row locked: the new state, the
/// receipt numbers, the balanced ledger journal and the outbox message for the biller. Replays find the order
/// already changed and do nothing.
/// </summary>
public sealed class PaymentPosting(KomisDbContext db, TimeProvider clock, ILogger<PaymentPosting> logger)
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>The order already made under this idempotency key, if any (a replayed or double-clicked form).</summary>
    public Task<PaymentOrder?> FindByKeyAsync(string idempotencyKey, CancellationToken cancellationToken) =>
        db.PaymentOrders.AsNoTracking().Include(o => o.Payments).SingleOrDefaultAsync(o => o.IdempotencyKey == idempotencyKey, cancellationToken);

    /// <summary>
    /// Stores a new order, or returns the one already stored under the same idempotency key
    /// (<paramref name="isSameOwner"/> must hold for it, else null: a key is not a way into another's order).
    /// </summary>
    public Task<PaymentOrder?> CreateOrFindAsync(PaymentOrder order, Func<PaymentOrder, bool> isSameOwner, CancellationToken cancellationToken) =>
        StoreOrFindAsync(order, isSameOwner, async () =>
        {
            await db.SaveChangesAsync(cancellationToken);
            logger.LogInformation("Payment order {OrderId} created: {Payments} payment(s), {Total} AZN, {Channel}",
                order.Id, order.Payments.Count, order.Total, order.Channel);
        }, cancellationToken);

    /// <summary>Pending → Paid for the whole order: receipts, ledger (debiting <paramref name="sourceAccount"/>), outbox.</summary>
    public Task<PostingStatus> MarkPaidAsync(Guid orderId, string? acquirerReference, string sourceAccount, CancellationToken cancellationToken) =>
        ChangeAsync(orderId, PaymentStatus.Paid, async (order, now) =>
            ApplyPaid(order, acquirerReference, sourceAccount, now, await BillerCodesAsync(order, cancellationToken), await NextReceiptNumbersAsync(order.Payments.Count, cancellationToken)),
            cancellationToken);

    /// <summary>
    /// An order paid the moment it is made (cash at a branch): stored, paid, journalled and queued for the biller in the
    /// caller's transaction (which holds the branch's day open), so one commit, the caller's, when the order returned
    /// is the one it gave. An order already stored under the same idempotency key is returned as it is (if
    /// <paramref name="isSameOwner"/> holds for it, else null); then nothing is written and the caller's transaction is
    /// over. <paramref name="billerCodes"/>: the code of each biller the order pays (the caller has just read them).
    /// </summary>
    public Task<PaymentOrder?> CreatePaidAsync(
        PaymentOrder order, IReadOnlyDictionary<int, string> billerCodes, Func<PaymentOrder, bool> isSameOwner, string sourceAccount, CancellationToken cancellationToken) =>
        StoreOrFindAsync(order, isSameOwner, async () =>
        {
            RequireCallersTransaction();
            ApplyPaid(order, null, sourceAccount, clock.GetUtcNow(), billerCodes, await NextReceiptNumbersAsync(order.Payments.Count, cancellationToken));
            // The writes are the transaction's last step, so no savepoint around them: if they fail, the whole
            // transaction is rolled back (the caller has nothing left to commit).
            db.Database.AutoSavepointsEnabled = false;
            try
            {
                await db.SaveChangesAsync(cancellationToken);
            }
            catch (DbUpdateException)
            {
                await db.Database.RollbackTransactionAsync(CancellationToken.None);
                throw;
            }
            finally
            {
                db.Database.AutoSavepointsEnabled = true;
            }

            logger.LogInformation("Payment order {OrderId} paid at once: {Payments} payment(s), {Total} AZN, {Channel}",
                order.Id, order.Payments.Count, order.Total, order.Channel);
        }, cancellationToken);

    /// <summary>
    /// Adds a new order and runs <paramref name="store"/>; when another request stored the same idempotency key first
    /// (a double click racing itself), nothing of this one is kept (its transaction rolls back; receipt numbers it took stay
    /// unused) and the stored order is returned if <paramref name="isSameOwner"/> holds for it, else null.
    /// </summary>
    private async Task<PaymentOrder?> StoreOrFindAsync(PaymentOrder order, Func<PaymentOrder, bool> isSameOwner, Func<Task> store, CancellationToken cancellationToken)
    {
        db.PaymentOrders.Add(order);
        try
        {
            await store();
            return order;
        }
        catch (DbUpdateException ex) when (ex.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation, ConstraintName: "ix_payment_orders_idempotency_key" })
        {
            db.ChangeTracker.Clear();
            var existing = await db.PaymentOrders.AsNoTracking().Include(o => o.Payments).ThenInclude(p => p.Allocations)
                .SingleAsync(o => o.IdempotencyKey == order.IdempotencyKey, cancellationToken);
            return isSameOwner(existing) ? existing : null;
        }
    }

    private void ApplyPaid(
        PaymentOrder order, string? acquirerReference, string sourceAccount, DateTimeOffset now, IReadOnlyDictionary<int, string> billers, IReadOnlyList<string> receiptNumbers)
    {
        var numbers = new Queue<string>(receiptNumbers);
        order.MarkPaid(now, acquirerReference, numbers.Dequeue);
        foreach (var payment in order.Payments)
        {
            db.LedgerEntries.AddRange(Journals.ForPaid(payment, billers[payment.BillerId], sourceAccount, now));
            db.OutboxMessages.Add(new OutboxMessage(payment.BillerId, payment.Id, OutboxKind.PaymentPaid,
                JsonSerializer.Serialize(Notification("payment.paid", order, payment), Json), now));
        }
    }

    public Task<PostingStatus> DeclineAsync(Guid orderId, string? acquirerReference, CancellationToken cancellationToken) =>
        ChangeAsync(orderId, PaymentStatus.Declined, (order, now) =>
        {
            order.Decline(now, acquirerReference);
            return Task.CompletedTask;
        }, cancellationToken);

    public Task<PostingStatus> ExpireAsync(Guid orderId, CancellationToken cancellationToken) =>
        ChangeAsync(orderId, PaymentStatus.Expired, (order, now) =>
        {
            order.Expire(now);
            return Task.CompletedTask;
        }, cancellationToken);

    /// <summary>
    /// Paid → Reversed for one payment: a reversing journal and a reversal notice to the biller, in the caller's
    /// transaction (which holds the branch's day open); the caller commits when the answer is <see cref="PostingStatus.Done"/>.
    /// </summary>
    public async Task<PostingStatus> ReverseAsync(Guid paymentId, string reason, string sourceAccount, CancellationToken cancellationToken)
    {
        var orderId = await db.Payments.Where(p => p.Id == paymentId).Select(p => (Guid?)p.OrderId).SingleOrDefaultAsync(cancellationToken);
        if (orderId is null)
        {
            return PostingStatus.NotFound;
        }

        RequireCallersTransaction();
        var order = await LockAsync(orderId.Value, cancellationToken);
        var payment = order!.Payments.Single(p => p.Id == paymentId);
        if (payment.Status == PaymentStatus.Reversed)
        {
            return PostingStatus.AlreadyDone;
        }

        if (payment.Status != PaymentStatus.Paid)
        {
            return PostingStatus.Conflict;
        }

        var now = clock.GetUtcNow();
        payment.Reverse(now, reason);
        var billers = await BillerCodesAsync(order, cancellationToken);
        db.LedgerEntries.AddRange(Journals.ForReversal(payment, billers[payment.BillerId], sourceAccount, now));
        db.OutboxMessages.Add(new OutboxMessage(payment.BillerId, payment.Id, OutboxKind.PaymentReversed,
            JsonSerializer.Serialize(Notification("payment.reversed", order, payment), Json), now));
        await db.SaveChangesAsync(cancellationToken);
        logger.LogInformation("Payment {PaymentId} reversed", paymentId);
        return PostingStatus.Done;
    }

    public static PaymentNotification Notification(string @event, PaymentOrder order, Payment payment) => new(
        @event,
        payment.Id,
        payment.ReceiptNumber!,
        payment.AccountNumber,
        payment.Amount,
        Money.Currency,
        payment.Allocations.Select(a => new PeriodAmount(a.Period?.ToString(), a.Amount)).ToList(),
        payment.PaidAt!.Value,
        payment.Channel.ToString(),
        order.ServicePoint,
        payment.ReversedAt,
        payment.ReversalReason);

    private async Task<PostingStatus> ChangeAsync(Guid orderId, PaymentStatus target, Func<PaymentOrder, DateTimeOffset, Task> change, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var order = await LockAsync(orderId, cancellationToken);
        if (order is null)
        {
            return PostingStatus.NotFound;
        }

        if (order.Status == target)
        {
            return PostingStatus.AlreadyDone;
        }

        if (order.Status != PaymentStatus.Pending)
        {
            logger.LogWarning("Payment order {OrderId} is {Status}; {Target} refused", orderId, order.Status, target);
            return PostingStatus.Conflict;
        }

        await change(order, clock.GetUtcNow());
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        logger.LogInformation("Payment order {OrderId} is {Status}", orderId, target);
        return PostingStatus.Done;
    }

    private void RequireCallersTransaction()
    {
        if (db.Database.CurrentTransaction is null)
        {
            throw new InvalidOperationException("A branch's payment or reversal is written in its caller's transaction, which holds the branch's day open.");
        }
    }

    /// <summary>Locks the order row for this transaction, then loads it with its payments.</summary>
    private async Task<PaymentOrder?> LockAsync(Guid orderId, CancellationToken cancellationToken)
    {
        var locked = await db.Database.SqlQuery<Guid>($"SELECT id AS \"Value\" FROM payment_orders WHERE id = {orderId} FOR UPDATE")
            .ToListAsync(cancellationToken);
        if (locked.Count == 0)
        {
            return null;
        }

        return await db.PaymentOrders.Include(o => o.Payments).ThenInclude(p => p.Allocations)
            .SingleAsync(o => o.Id == orderId, cancellationToken);
    }

    private async Task<IReadOnlyList<string>> NextReceiptNumbersAsync(int count, CancellationToken cancellationToken)
    {
        var values = await db.Database
            .SqlQuery<long>($"SELECT nextval('receipt_number_seq') AS \"Value\" FROM generate_series(1, {count})")
            .ToListAsync(cancellationToken);
        return values.Select(ReceiptNumber.FromSequence).ToList();
    }

    private async Task<Dictionary<int, string>> BillerCodesAsync(PaymentOrder order, CancellationToken cancellationToken)
    {
        var ids = order.Payments.Select(p => p.BillerId).Distinct().ToList();
        return await db.Billers.AsNoTracking().Where(b => ids.Contains(b.Id)).ToDictionaryAsync(b => b.Id, b => b.Code, cancellationToken);
    }
}
