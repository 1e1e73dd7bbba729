using System.Security.Cryptography;
using Komis.Domain.Payments;
using Komis.Web.Data;
using Komis.Web.Documents;
using Komis.Web.Features.Cabinet;
using Komis.Web.Features.Citizens;
using Komis.Web.Features.Payments;
using Komis.Web.Integrations.Acquirer;
using Komis.Web.ViewModels;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Komis.Web.Controllers;

/// <summary>Paying from the cabinet by card, the payment history and the receipts: only the signed-in subscriber's own.</summary>
[Authorize(Policy = CitizenClaims.Policy)]
[Route("kabinet")]
public sealed class CabinetPaymentsController(IStringLocalizer<SharedResource> localizer, ILogger<CabinetPaymentsController> logger) : Controller
{
    public const string ServicePoint = "KÖMİS internet portalı";

    private Guid SubscriberId => CitizenClaims.SubscriberIdOf(User)!.Value;

    public override void OnActionExecuting(ActionExecutingContext context)
    {
        if (User.HasClaim(CitizenClaims.MustChangePassword, "true"))
        {
            context.Result = Redirect("/kabinet/sifre");
        }
    }

    [HttpGet("odenis")]
    public async Task<IActionResult> Choose([FromServices] CabinetQuery cabinet, CancellationToken cancellationToken)
    {
        var view = await cabinet.GetAsync(SubscriberId, cancellationToken);
        return View("~/Views/Payments/Choose.cshtml", new PayChooseViewModel { Cabinet = view!, Input = PayChooseViewModel.Prefilled(view!) });
    }

    [HttpPost("odenis/yoxla")]
    public async Task<IActionResult> Review([FromForm] CheckoutInput input, [FromServices] CheckoutHandler checkout, [FromServices] CabinetQuery cabinet, CancellationToken cancellationToken)
    {
        var (quote, errors) = await checkout.QuoteAsync(input, await checkout.LinkedAccountsAsync(SubscriberId, cancellationToken), PaymentChannel.Internet, cancellationToken);
        if (quote is null)
        {
            return await ChooseAgainAsync(cabinet, input, errors, cancellationToken);
        }

        // The idempotency key is made here, once: resubmitting this confirmation (a double click, a refresh, going
        // back and forward) carries the same key, so it can never pay twice.
        return View("~/Views/Payments/Confirm.cshtml", new PayConfirmViewModel { Quote = quote, Input = input, IdempotencyKey = NewKey() });
    }

    [HttpPost("odenis/tesdiq")]
    public async Task<IActionResult> Confirm(
        [FromForm] CheckoutInput input,
        [FromForm] string? idempotencyKey,
        [FromServices] CheckoutHandler checkout,
        [FromServices] PaymentPosting posting,
        [FromServices] AcquirerClient acquirer,
        [FromServices] CabinetQuery cabinet,
        [FromServices] TimeProvider clock,
        CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(idempotencyKey) || idempotencyKey.Length > PaymentOrder.IdempotencyKeyMaxLength)
        {
            return BadRequest();
        }

        // A replayed confirmation (back and resubmit after paying) finds its order, before the debts are checked again.
        var subscriberId = SubscriberId;
        if (await posting.FindByKeyAsync(idempotencyKey, cancellationToken) is { } replayed)
        {
            return replayed.SubscriberId != subscriberId ? BadRequest()
                : replayed.Status == PaymentStatus.Pending ? await ToAcquirerAsync(replayed, acquirer, cancellationToken)
                : Redirect($"/kabinet/odenis/{replayed.Id:N}");
        }

        var (quote, errors) = await checkout.QuoteAsync(input, await checkout.LinkedAccountsAsync(subscriberId, cancellationToken), PaymentChannel.Internet, cancellationToken);
        if (quote is null)
        {
            return await ChooseAgainAsync(cabinet, input, errors, cancellationToken);
        }

        var order = await posting.CreateOrFindAsync(
            checkout.ToOrder(quote, idempotencyKey, PaymentChannel.Internet, ServicePoint, subscriberId, null, null, clock.GetUtcNow()),
            existing => existing.SubscriberId == subscriberId, cancellationToken);
        if (order is null)
        {
            return BadRequest();
        }

        if (order.Status != PaymentStatus.Pending)
        {
            return Redirect($"/kabinet/odenis/{order.Id:N}");
        }

        return await ToAcquirerAsync(order, acquirer, cancellationToken);
    }

    private async Task<IActionResult> ToAcquirerAsync(PaymentOrder order, AcquirerClient acquirer, CancellationToken cancellationToken)
    {
        try
        {
            var returnUrl = $"{Request.Scheme}://{Request.Host}/kabinet/odenis/{order.Id:N}";
            var paymentUrl = await acquirer.RegisterOrderAsync(order.Id, order.Total, localizer["Pay.AcquirerDescription", order.Payments.Count].Value, returnUrl, cancellationToken);
            return Redirect(paymentUrl);
        }
        catch (AcquirerUnavailableException ex)
        {
            logger.LogWarning("Acquirer unavailable for order {OrderId}: {Reason}", order.Id, ex.Message);
            Response.StatusCode = 503;
            return View("~/Views/Payments/Result.cshtml", new PayResultViewModel { Order = order, Receipts = [], AcquirerDown = true });
        }
    }

    [HttpGet("odenis/{orderId:guid}")]
    public async Task<IActionResult> Result(Guid orderId, [FromServices] KomisDbContext db, CancellationToken cancellationToken)
    {
        var order = await db.PaymentOrders.AsNoTracking().Include(o => o.Payments)
            .SingleOrDefaultAsync(o => o.Id == orderId && o.SubscriberId == SubscriberId, cancellationToken);
        if (order is null)
        {
            return NotFound();
        }

        var billers = await db.Billers.AsNoTracking().ToDictionaryAsync(b => b.Id, b => b.Name, cancellationToken);
        return View("~/Views/Payments/Result.cshtml", new PayResultViewModel
        {
            Order = order,
            Receipts = order.Payments.Where(p => p.ReceiptNumber is not null)
                .Select(p => new PayResultReceipt(p.ReceiptNumber!, billers[p.BillerId], p.AccountNumber, p.Total)).ToList(),
        });
    }

    [HttpGet("odenisler")]
    public async Task<IActionResult> History([FromQuery] HistoryFilter filter, [FromServices] PaymentHistoryQuery history, [FromServices] KomisDbContext db, CancellationToken cancellationToken) =>
        View("~/Views/Payments/History.cshtml", new PaymentHistoryViewModel
        {
            Filter = filter,
            Rows = await history.GetAsync(SubscriberId, filter, cancellationToken),
            Billers = await RegistrationController.BillerOptionsAsync(db, cancellationToken),
        });

    [HttpGet("odenisler/{number}")]
    public async Task<IActionResult> Receipt(string number, [FromServices] ReceiptQuery receipts, CancellationToken cancellationToken)
    {
        var receipt = await OwnReceiptAsync(receipts, number, cancellationToken);
        return receipt is null ? NotFound() : View("~/Views/Payments/Receipt.cshtml", ReceiptModel(receipt));
    }

    [HttpGet("odenisler/{number}.pdf")]
    public async Task<IActionResult> ReceiptPdf(string number, [FromServices] ReceiptQuery receipts, [FromServices] ReceiptPdf pdf, CancellationToken cancellationToken)
    {
        var receipt = await OwnReceiptAsync(receipts, number, cancellationToken);
        return receipt is null ? NotFound() : File(pdf.Render(receipt, AbsoluteUrl(receipt.VerificationPath)), "application/pdf", $"cixaris-{receipt.Number}.pdf");
    }

    private Task<ReceiptView?> OwnReceiptAsync(ReceiptQuery receipts, string number, CancellationToken cancellationToken)
    {
        var subscriberId = SubscriberId;
        return receipts.GetAsync(number, order => order.SubscriberId == subscriberId, cancellationToken);
    }

    private ReceiptViewModel ReceiptModel(ReceiptView receipt)
    {
        var url = AbsoluteUrl(receipt.VerificationPath);
        return new ReceiptViewModel { Receipt = receipt, VerificationUrl = url, QrDataUri = "data:image/png;base64," + Convert.ToBase64String(ReceiptQuery.QrPng(url)) };
    }

    private string AbsoluteUrl(string path) => $"{Request.Scheme}://{Request.Host}{path}";

    private async Task<IActionResult> ChooseAgainAsync(CabinetQuery cabinet, CheckoutInput input, IReadOnlyList<CheckoutError> errors, CancellationToken cancellationToken)
    {
        foreach (var error in errors)
        {
            ModelState.AddModelError(error.Field, localizer[error.Key, error.Arguments]);
        }

        Response.StatusCode = 422;
        var view = await cabinet.GetAsync(SubscriberId, cancellationToken);
        return View("~/Views/Payments/Choose.cshtml", new PayChooseViewModel { Cabinet = view!, Input = input });
    }

    private static string NewKey() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
}
