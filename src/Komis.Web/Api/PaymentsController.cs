using System.Globalization;
using System.Text.Json;
using Komis.Web.Api.Contracts;
using Komis.Web.Api.Infrastructure;
using Komis.Web.Data;
using Komis.Web.Data.Outbox;
using Komis.Web.Features.Payments;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Komis.Web.Api;

/// <summary>The biller's payments and reversals, in the order Komis recorded them, for billers that pull rather than receive webhooks.</summary>
[Route("api/v1/payments")]
public sealed class PaymentsController(KomisDbContext db, TimeProvider clock) : BillerApiController
{
    public const int MaxLimit = 1000;

    /// <summary>
    /// Events after the cursor <c>after</c> (the <c>next</c> of the previous page; omit it to start from the beginning),
    /// at most <c>limit</c> (1–1000, default 100). Each payment appears once as <c>payment.paid</c> and, if reversed,
    /// once more as <c>payment.reversed</c>; the payment id is the idempotency key.
    /// </summary>
    [HttpGet]
    [ProducesResponseType(typeof(PaymentPage), StatusCodes.Status200OK)]
    [ProducesResponseType(typeof(ValidationProblemDetails), StatusCodes.Status400BadRequest)]
    public async Task<IActionResult> List([FromQuery] string? after, [FromQuery] int limit = 100, CancellationToken cancellationToken = default)
    {
        var errors = new Dictionary<string, string[]>();
        if (limit is < 1 or > MaxLimit)
        {
            errors["limit"] = [$"'limit' is between 1 and {MaxLimit}."];
        }

        long cursor = 0;
        if (after is not null && (after.Length > 19 || !long.TryParse(after, NumberStyles.None, CultureInfo.InvariantCulture, out cursor)))
        {
            errors["after"] = ["'after' is a cursor from a previous page's 'next'."];
        }

        if (errors.Count > 0)
        {
            return BadRequest(new ValidationProblemDetails(errors) { Status = 400, Title = "One or more fields are not valid." });
        }

        var billerId = BillerId;
        var messages = await db.OutboxMessages.AsNoTracking()
            .Where(m => m.BillerId == billerId && m.Id > cursor)
            .OrderBy(m => m.Id).Take(limit).ToListAsync(cancellationToken);
        var items = messages.Select(m => ToItem(m)).ToList();
        return Ok(new PaymentPage(items, items.Count > 0 ? items[^1].Cursor : after));
    }

    /// <summary>
    /// Acknowledges every event up to and including the cursor <c>upTo</c>: Komis will not post them to the webhook.
    /// Answers how many were newly acknowledged.
    /// </summary>
    [HttpPost("ack")]
    [Consumes("application/json")]
    [ProducesResponseType(typeof(AckResponse), StatusCodes.Status200OK)]
    [ProducesResponseType(typeof(ValidationProblemDetails), StatusCodes.Status400BadRequest)]
    public async Task<IActionResult> Acknowledge([FromBody] AckRequest request, CancellationToken cancellationToken)
    {
        if (request.UpTo is null || request.UpTo.Length > 19 || !long.TryParse(request.UpTo, NumberStyles.None, CultureInfo.InvariantCulture, out var upTo))
        {
            return BadRequest(new ValidationProblemDetails(new Dictionary<string, string[]> { ["upTo"] = ["'upTo' is a cursor from the feed."] })
            {
                Status = 400,
                Title = "One or more fields are not valid.",
            });
        }

        var billerId = BillerId;
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        // Rows a dispatcher is sending right now are skipped: the webhook delivers those.
        var messages = await db.OutboxMessages
            .FromSql($"SELECT * FROM outbox_messages WHERE biller_id = {billerId} AND id <= {upTo} AND delivered_at IS NULL ORDER BY id FOR UPDATE SKIP LOCKED")
            .ToListAsync(cancellationToken);
        var now = clock.GetUtcNow();
        messages.ForEach(m => m.MarkDelivered(now, "pull"));
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return Ok(new AckResponse(messages.Count));
    }

    private static PaymentItem ToItem(OutboxMessage message)
    {
        var n = JsonSerializer.Deserialize<PaymentNotification>(message.Payload, PaymentPosting.Json)!;
        return new PaymentItem(message.Id.ToString(CultureInfo.InvariantCulture), n.Event, n.PaymentId, n.ReceiptNumber, n.AccountNumber, n.Amount, n.Currency,
            n.Periods, n.PaidAt, n.Channel, n.ServicePoint, n.ReversedAt, n.ReversalReason, message.DeliveredAt is not null);
    }
}
