using Komis.Domain.Payments;
using Komis.Domain.Staff;
using Komis.Web.Data;
using Komis.Web.Features.Payments;
using Microsoft.EntityFrameworkCore;

namespace Komis.Web.Features.Staff;

public enum CashStatus
{
    Paid,
    Invalid,
    NotEnoughCash,
    BranchInactive,
}

/// <summary>The outcome; <see cref="Replayed"/> when the same form was already paid (no new change to give).</summary>
public sealed record CashResult(CashStatus Status, IReadOnlyList<CheckoutError> Errors, PaymentOrder? Order = null, decimal Change = 0, bool Replayed = false);

/// <summary>
/// A cash payment at a branch: the same checkout rules as online (formats, periods, biller limits), paid at once with
/// the branch's cash as the ledger's source, and the same receipts. A resubmitted form (same idempotency key) finds
/// the payment already made.
/// </summary>
public sealed class CashPaymentHandler(KomisDbContext db, CheckoutHandler checkout, PaymentPosting posting, AuditLog audit, TimeProvider clock)
{
    public async Task<CashResult> PayAsync(AuditActor teller, Guid branchId, CheckoutInput input, string? cashReceived, string idempotencyKey, CancellationToken cancellationToken)
    {
        var branch = await db.Branches.AsNoTracking().SingleAsync(b => b.Id == branchId, cancellationToken);
        var agent = await db.Agents.AsNoTracking().SingleAsync(a => a.Id == branch.AgentId, cancellationToken);
        if (!branch.IsActive || !agent.IsActive)
        {
            return new CashResult(CashStatus.BranchInactive, []);
        }

        // A resubmitted form finds its payment, before the debts (now paid) are checked again.
        if (await posting.FindByKeyAsync(idempotencyKey, cancellationToken) is { } done)
        {
            return done.BranchId == branchId && done.Status == PaymentStatus.Paid
                ? new CashResult(CashStatus.Paid, [], done, 0, Replayed: true)
                : new CashResult(CashStatus.Invalid, [new CheckoutError("", "Pay.Error.NothingChosen", [])]);
        }

        var channel = agent.Kind == AgentKind.Post ? PaymentChannel.PostBranch : PaymentChannel.BankBranch;
        var (quote, errors) = await checkout.QuoteAsync(input, allowedAccounts: null, channel, cancellationToken);
        if (quote is null)
        {
            return new CashResult(CashStatus.Invalid, errors);
        }

        if (!AmountText.TryParse(cashReceived, out var received) || received < quote.Total)
        {
            return new CashResult(CashStatus.NotEnoughCash, [new CheckoutError("CashReceived", "Cash.Error.NotEnough", [ViewModels.Display.Money(quote.Total)])]);
        }

        var order = await posting.CreateOrFindAsync(
            checkout.ToOrder(quote, idempotencyKey, channel, branch.ServicePoint(agent.Name), null, branchId, teller.UserId, clock.GetUtcNow()),
            existing => existing.BranchId == branchId, cancellationToken);
        if (order is null)
        {
            return new CashResult(CashStatus.Invalid, [new CheckoutError("", "Pay.Error.NothingChosen", [])]);
        }

        if (order.Status == PaymentStatus.Pending)
        {
            // Added to the same unit of work: the record commits in the payment's own transaction, or not at all.
            audit.Add(teller, "payment.cash", $"order {order.Id:N}, {order.Payments.Count} payment(s), {order.Total:0.00} AZN");
            await posting.MarkPaidAsync(order.Id, null, LedgerAccounts.BranchCash(branchId), cancellationToken);
        }

        var paid = await db.PaymentOrders.AsNoTracking().Include(o => o.Payments).SingleAsync(o => o.Id == order.Id, cancellationToken);
        return new CashResult(CashStatus.Paid, [], paid, received - paid.Total);
    }
}
