using Komis.Web.Features.Payments;
using Microsoft.AspNetCore.Mvc;

namespace Komis.Web.Controllers;

/// <summary>
/// The public check of a receipt (the QR code's target). It needs the receipt's token, so receipts cannot be
/// enumerated, and shows no personal data: only that the receipt is genuine, its status and amounts.
/// </summary>
public sealed class ReceiptVerificationController : Controller
{
    [HttpGet("/cixaris/yoxla/{number}")]
    public async Task<IActionResult> Verify(string number, [FromQuery(Name = "t")] string? token, [FromServices] ReceiptTokens tokens, [FromServices] ReceiptQuery receipts, CancellationToken cancellationToken)
    {
        if (!Domain.Payments.ReceiptNumber.IsValid(number) || !tokens.Verify(number, token))
        {
            return NotFound();
        }

        var receipt = await receipts.GetAsync(number, _ => true, cancellationToken);
        return receipt is null ? NotFound() : View("~/Views/ReceiptVerification/Verify.cshtml", receipt);
    }
}
