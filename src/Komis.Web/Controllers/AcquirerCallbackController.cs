using Komis.Domain.Payments;
using Komis.Web.Data;
using Komis.Web.Features.Payments;
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
    IOptions<AcquirerOptions> options,
    ILogger<AcquirerCallbackController> logger) : ControllerBase
{
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

        var status = callback.Result switch
        {
            "approved" => await posting.MarkPaidAsync(callback.OrderId, callback.Reference, LedgerAccounts.AcquirerClearing, cancellationToken),
            "declined" => await posting.DeclineAsync(callback.OrderId, callback.Reference, cancellationToken),
            _ => PostingStatus.Conflict,
        };
        if (status == PostingStatus.Conflict)
        {
            // An approval for an order Komis already closed (expired): the money must go back to the card.
            logger.LogError("Acquirer callback {Result} for order {OrderId} that is closed: needs a refund by the acquirer", callback.Result, callback.OrderId);
            return Conflict();
        }

        return Ok();
    }
}
