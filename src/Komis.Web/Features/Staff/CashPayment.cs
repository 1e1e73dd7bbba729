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
    DayClosed,
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
    // Compiled once: every payment asks it, and building its LINQ expression and finding it in EF Core's query cache
    // came on every payment (the query with its read was a tenth of the app's CPU per payment in the profile).
    private static readonly Func<KomisDbContext, Guid, DateOnly, string, CancellationToken, Task<Desk>> DeskQuery =
        EF.CompileAsyncQuery((KomisDbContext db, Guid branchId, DateOnly today, string idempotencyKey, CancellationToken cancellationToken) =>
            db.Branches.AsNoTracking()
                .Where(b => b.Id == branchId)
                .Join(db.Agents, b => b.AgentId, a => a.Id, (b, a) => new Desk(
                    b,
                    a,
                    db.BranchDays.Any(d => d.BranchId == b.Id && d.Date == today),
                    db.PaymentOrders.Any(o => o.IdempotencyKey == idempotencyKey)))
                .Single());

    public async Task<CashResult> PayAsync(AuditActor teller, Guid branchId, CheckoutInput input, string? cashReceived, string idempotencyKey, CancellationToken cancellationToken, string? subscriberCode = null)
    {
        // One transaction from here: the branch's day stays open until the payment commits (a close waits for it, or
        // it waits for the close and then finds the day closed).
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await BranchDayService.HoldDayAsync(db, branchId, cancellationToken);

        var today = ViewModels.Display.Today(clock);
        var desk = await DeskQuery(db, branchId, today, idempotencyKey, cancellationToken);
        if (desk.DayClosed)
        {
            return new CashResult(CashStatus.DayClosed, [new CheckoutError("", "Cash.Error.DayClosed", [])]);
        }

        if (!desk.Branch.IsActive || !desk.Agent.IsActive)
        {
            return new CashResult(CashStatus.BranchInactive, [new CheckoutError("", "Cash.Error.BranchInactive", [])]);
        }

        // A resubmitted form finds its payment, before the debts (now paid) are checked again.
        if (desk.AlreadyMade && await posting.FindByKeyAsync(idempotencyKey, cancellationToken) is { } done)
        {
            return Replayed(done);
        }

        var channel = desk.Agent.Kind == AgentKind.Post ? PaymentChannel.PostBranch : PaymentChannel.BankBranch;
        var (quote, errors) = await checkout.QuoteAsync(input, allowedAccounts: null, channel, cancellationToken);
        if (quote is null)
        {
            return new CashResult(CashStatus.Invalid, errors);
        }

        if (!AmountText.TryParse(cashReceived, out var received) || received < quote.Total)
        {
            return new CashResult(CashStatus.NotEnoughCash, [new CheckoutError("CashReceived", "Cash.Error.NotEnough", [ViewModels.Display.Money(quote.Total)])]);
        }

        // Paid for a subscriber found at the desk: the payment shows in that subscriber's own history.
        Guid? subscriberId = null;
        if (subscriberCode is not null)
        {
            var accountIds = quote.Lines.Select(l => l.Debt.AccountId).ToList();
            subscriberId = await db.Subscribers.Where(s => s.Code == subscriberCode && s.Accounts.Any(a => accountIds.Contains(a.BillerAccountId)))
                .Select(s => (Guid?)s.Id).SingleOrDefaultAsync(cancellationToken);
        }

        var order = checkout.ToOrder(quote, idempotencyKey, channel, desk.Branch.ServicePoint(desk.Agent.Name), subscriberId, branchId, teller.UserId, clock.GetUtcNow());
        // Added to the same unit of work: the record commits in the payment's own transaction, or not at all.
        audit.Add(teller, "payment.cash", $"order {order.Id:N}, {order.Payments.Count} payment(s), {order.Total:0.00} AZN");
        var billerCodes = quote.Lines.Select(l => l.Debt.Biller).DistinctBy(b => b.Id).ToDictionary(b => b.Id, b => b.Code);
        var paid = await posting.CreatePaidAsync(order, billerCodes, existing => existing.BranchId == branchId, LedgerAccounts.BranchCash(branchId), cancellationToken);
        if (paid is null)
        {
            return new CashResult(CashStatus.Invalid, [new CheckoutError("", "Pay.Error.NothingChosen", [])]);
        }

        if (paid != order)
        {
            return Replayed(paid);
        }

        await transaction.CommitAsync(cancellationToken);
        return new CashResult(CashStatus.Paid, [], paid, received - paid.Total);

        CashResult Replayed(PaymentOrder existing) =>
            existing.BranchId == branchId && existing.Status == PaymentStatus.Paid
                ? new CashResult(CashStatus.Paid, [], existing, 0, Replayed: true)
                : new CashResult(CashStatus.Invalid, [new CheckoutError("", "Pay.Error.NothingChosen", [])]);
    }

    /// <summary>The branch, its agent, whether its day is closed and whether this form was already paid: one round trip.</summary>
    private sealed record Desk(Branch Branch, Agent Agent, bool DayClosed, bool AlreadyMade);
}
