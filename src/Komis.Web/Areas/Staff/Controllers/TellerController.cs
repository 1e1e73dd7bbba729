using System.Security.Cryptography;
using Komis.Domain.Billers;
using Komis.Domain.Subscribers;
using Komis.Web.Configuration.Security;
using Komis.Web.Controllers;
using Komis.Web.Data;
using Komis.Web.Features.Cabinet;
using Komis.Web.Features.Debts;
using Komis.Web.Features.Payments;
using Komis.Web.Features.Staff;
using Komis.Web.ViewModels;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Komis.Web.Areas.Staff.Controllers;

/// <summary>The teller's desk (kassa): find a subscriber or an account, show the debts, take cash, print the receipt.</summary>
[Authorize(Policy = StaffClaims.BranchPolicy)]
[Route("staff/kassa")]
public sealed class TellerController(KomisDbContext db, IStringLocalizer<SharedResource> localizer) : StaffController
{
    private Guid BranchId => StaffClaims.BranchOf(User)!.Value;

    /// <summary>How many of this teller's payments today the desk's first page lists.</summary>
    public const int RecentCount = 10;

    [HttpGet("")]
    public async Task<IActionResult> Index([FromServices] TimeProvider clock, CancellationToken cancellationToken) =>
        View(new TellerSearchViewModel
        {
            Billers = await RegistrationController.BillerOptionsAsync(db, cancellationToken),
            Recent = await RecentAsync(clock, cancellationToken),
        });

    /// <summary>
    /// This teller's latest payments today (Baku time), newest first, each with its receipt: after a dropped connection
    /// or a closed tab the teller sees at once whether the payment went through, and reprints its receipt instead of
    /// taking the cash a second time. Only the teller's own, read through the (teller, created) index.
    /// </summary>
    private async Task<IReadOnlyList<TellerRecentPayment>> RecentAsync(TimeProvider clock, CancellationToken cancellationToken)
    {
        if (Actor.UserId is not { } teller)
        {
            return []; // never "orders without a teller" (the portal's)
        }

        var (start, _) = BranchDayService.Range(Display.Today(clock));
        var orders = db.PaymentOrders.AsNoTracking()
            .Where(o => o.TellerId == teller && o.CreatedAt >= start)
            .OrderByDescending(o => o.CreatedAt)
            .Take(RecentCount);
        return await (
                from o in orders
                join p in db.Payments on o.Id equals p.OrderId
                join b in db.Billers on p.BillerId equals b.Id
                where p.ReceiptNumber != null
                orderby o.CreatedAt descending, p.ReceiptNumber
                select new TellerRecentPayment(p.ReceiptNumber!, p.PaidAt!.Value, b.Name, p.AccountNumber, p.Amount + p.Fee, p.Status))
            .ToListAsync(cancellationToken);
    }

    /// <summary>Finds a subscriber by code, or by ID card (series and number).</summary>
    [HttpGet("abonent")]
    public async Task<IActionResult> Subscriber(
        [FromQuery] string? code, [FromQuery] string? series, [FromQuery] string? number,
        [FromServices] PersonalDataHasher hasher, [FromServices] CabinetQuery cabinet, CancellationToken cancellationToken)
    {
        Guid? subscriberId = null;
        if (SubscriberCode.TryParse(code, out var parsed))
        {
            subscriberId = await db.Subscribers.Where(s => s.Code == parsed.Value).Select(s => (Guid?)s.Id).SingleOrDefaultAsync(cancellationToken);
        }
        else if (IdCard.TryParse(series, number, out var card, out _))
        {
            var hash = hasher.IdCard(card);
            subscriberId = await db.Subscribers.Where(s => s.IdCardHash == hash).Select(s => (Guid?)s.Id).SingleOrDefaultAsync(cancellationToken);
        }

        var view = subscriberId is { } id ? await cabinet.GetAsync(id, cancellationToken) : null;
        if (view is null)
        {
            Response.StatusCode = 404;
            return View("Index", new TellerSearchViewModel { Billers = await RegistrationController.BillerOptionsAsync(db, cancellationToken), Notice = localizer["Teller.SubscriberNotFound"] });
        }

        return View(view);
    }

    /// <summary>One account's debts and the cash form.</summary>
    [HttpGet("hesab")]
    public async Task<IActionResult> Account([FromQuery] string? biller, [FromQuery] string? number, [FromQuery] string? subscriber, [FromServices] DebtQuery debts, CancellationToken cancellationToken)
    {
        var code = (biller ?? "").Trim().ToUpperInvariant();
        var found = await db.Billers.AsNoTracking().SingleOrDefaultAsync(b => b.Code == code, cancellationToken);
        var debt = found is null || !found.IsActive ? null : await debts.GetAsync(found.Id, AccountNumberFormat.Normalize(number), askOnlineBiller: true, cancellationToken);
        if (debt is null)
        {
            Response.StatusCode = 404;
            return View("Index", new TellerSearchViewModel { Billers = await RegistrationController.BillerOptionsAsync(db, cancellationToken), Notice = localizer["Teller.AccountNotFound"] });
        }

        return View(new CashFormViewModel { Debt = debt, Input = PrefilledFor(debt), IdempotencyKey = NewKey(), SubscriberCode = subscriber });
    }

    [HttpPost("odenis")]
    public async Task<IActionResult> Pay(
        [FromForm] CheckoutInput input, [FromForm] string? cashReceived, [FromForm] string? idempotencyKey, [FromForm] string? subscriberCode,
        [FromServices] CashPaymentHandler cash, [FromServices] DebtQuery debts, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(idempotencyKey) || idempotencyKey.Length > Domain.Payments.PaymentOrder.IdempotencyKeyMaxLength || input.Lines.Count != 1)
        {
            return BadRequest();
        }

        var result = await cash.PayAsync(Actor, BranchId, input, cashReceived, idempotencyKey, cancellationToken, subscriberCode);
        if (result.Status == CashStatus.Paid)
        {
            var receipts = string.Join(",", result.Order!.Payments.Select(p => p.ReceiptNumber));
            if (!result.Replayed)
            {
                TempData["Change"] = Display.Money(result.Change);
            }

            return Redirect($"/staff/kassa/cixaris/{receipts.Split(',')[0]}");
        }

        foreach (var error in result.Errors)
        {
            ModelState.AddModelError(error.Field, localizer[error.Key, error.Arguments]);
        }

        var debt = (await debts.GetManyAsync([input.Lines[0].AccountId], askOnlineBillers: false, cancellationToken)).SingleOrDefault();
        if (debt is null)
        {
            return NotFound();
        }

        Response.StatusCode = 422;
        return View("Account", new CashFormViewModel { Debt = debt, Input = input, IdempotencyKey = idempotencyKey, CashReceived = cashReceived, SubscriberCode = subscriberCode });
    }

    /// <summary>Looks a receipt of this branch up by its number, to reprint it.</summary>
    [HttpGet("cixaris")]
    public IActionResult FindReceipt([FromQuery] string? number) =>
        Domain.Payments.ReceiptNumber.IsValid((number ?? "").Trim()) ? Redirect($"/staff/kassa/cixaris/{number!.Trim()}") : NotFound();

    /// <summary>A receipt of this branch (reprint any time); another branch's receipt is not found.</summary>
    [HttpGet("cixaris/{number}")]
    public async Task<IActionResult> Receipt(string number, [FromServices] ReceiptQuery receipts, CancellationToken cancellationToken)
    {
        var branchId = BranchId;
        var receipt = await receipts.GetAsync(number, order => order.BranchId == branchId, cancellationToken);
        if (receipt is null)
        {
            return NotFound();
        }

        var url = $"{Request.Scheme}://{Request.Host}{receipt.VerificationPath}";
        ViewData["Change"] = TempData["Change"];
        return View(new ReceiptViewModel { Receipt = receipt, VerificationUrl = url, QrDataUri = "data:image/png;base64," + Convert.ToBase64String(ReceiptQuery.QrPng(url)) });
    }

    private static CheckoutInput PrefilledFor(AccountDebt debt) => new() { Lines = [CheckoutLineInput.PrefilledFor(debt)] };

    private static string NewKey() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
}

public sealed class TellerSearchViewModel
{
    public required IReadOnlyList<BillerOption> Billers { get; init; }

    public string? Notice { get; init; }

    public IReadOnlyList<TellerRecentPayment> Recent { get; init; } = [];
}

/// <summary>One payment on the teller's list of today's payments.</summary>
public sealed record TellerRecentPayment(
    string ReceiptNumber, DateTimeOffset PaidAt, Domain.Common.LocalizedText Biller, string AccountNumber, decimal Total, Domain.Payments.PaymentStatus Status);

public sealed class CashFormViewModel
{
    public required AccountDebt Debt { get; init; }

    public required CheckoutInput Input { get; init; }

    public required string IdempotencyKey { get; init; }

    public string? CashReceived { get; init; }

    public string? SubscriberCode { get; init; }
}
