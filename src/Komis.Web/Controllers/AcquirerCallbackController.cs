using Komis.Domain.Payments;
using Komis.Web.Data;
using Komis.Web.Features.Payments;
using Komis.Web.Features.Staff;
using Komis.Web.Integrations.Acquirer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Komis.Web.Controllers;

/// <summary>
/// The acquirer's server-to-server callback. Trusted only through its HMAC signature; the order and the amount must
/// match Komis's own; replays and late duplicates change nothing.
/// </summary>
[ApiController]
[AllowAnonymous]
[IgnoreAntiforgeryToken]
[ApiExplorerSettings(IgnoreApi = true)]
public sealed class AcquirerCallbackController(
    KomisDbContext db,
    PaymentPosting posting,
    AuditLog audit,
    IOptions<AcquirerOptions> options,
    ILogger<AcquirerCallbackController> logger) : ControllerBase
{
    /// <summary>The audit action of an approval that came for an order already closed: a refund to ask the acquirer for.</summary>
    public const string ClosedOrderApprovalAction = "payment.approval-on-closed-order";

    /// <summary>The longest acquirer reference an order keeps (payment_orders.acquirer_reference).</summary>
    private const int MaxReferenceLength = 64;

    [HttpPost("/odenis/acquirer/callback")]
    public async Task<IActionResult> Callback([FromBody] AcquirerCallback callback, CancellationToken cancellationToken)
    {
        var expected = AcquirerSignature.ForCallback(options.Value.Secret!, callback.OrderId, callback.Amount, callback.Currency, callback.Result, callback.Reference);
        if (!AcquirerSignature.Matches(expected, callback.Signature))
        {
            logger.LogWarning("Acquirer callback refused: bad signature (order {OrderId}, from {ClientAddress})", callback.OrderId, HttpContext.Connection.RemoteIpAddress);
            return Unauthorized();
        }

        var order = await db.PaymentOrders.AsNoTracking().Where(o => o.Id == callback.OrderId)
            .Select(o => new { o.Amount, o.Fee, o.Channel }).SingleOrDefaultAsync(cancellationToken);
        if (order is null || order.Channel != PaymentChannel.Internet)
        {
            logger.LogWarning("Acquirer callback refused: unknown order {OrderId}", callback.OrderId);
            return NotFound();
        }

        if (callback.Amount != AcquirerSignature.FormatAmount(order.Amount + order.Fee) || callback.Currency != Domain.Common.Money.Currency)
        {
            logger.LogWarning("Acquirer callback refused: amount {Amount} {Currency} does not match order {OrderId}", callback.Amount, callback.Currency, callback.OrderId);
            return BadRequest();
        }

        if (callback.Reference is { Length: > MaxReferenceLength })
        {
            logger.LogWarning("Acquirer callback refused: a reference of {Length} characters for order {OrderId}", callback.Reference.Length, callback.OrderId);
            return BadRequest();
        }

        var status = callback.Result switch
        {
            "approved" => await posting.MarkPaidAsync(callback.OrderId, callback.Reference, LedgerAccounts.AcquirerClearing, cancellationToken),
            "declined" => await posting.DeclineAsync(callback.OrderId, callback.Reference, cancellationToken),
            _ => PostingStatus.Conflict,
        };
        if (status == PostingStatus.Conflict)
        {
            // An approval for an order Komis already closed (expired or declined, after the acquirer said it was not
            // charged): the money must go back to the card. Written to the audit log, which the operators read, as well
            // as to the error log, so that the refund is asked for and nobody's money is left without a payment.
            logger.LogError("Acquirer callback {Result} for order {OrderId} that is closed: needs a refund by the acquirer", callback.Result, callback.OrderId);
            if (callback.Result == "approved")
            {
                await audit.WriteAsync(AuditActor.System, ClosedOrderApprovalAction,
                    $"order {callback.OrderId:N}, {callback.Amount} {callback.Currency}, acquirer reference {callback.Reference ?? "-"}: not booked; to be refunded by the acquirer",
                    cancellationToken);
            }

            return Conflict();
        }

        return Ok();
    }
}
