using Komis.Domain.Payments;
using Komis.Web.Data;
using Komis.Web.Features.Payments;
using Komis.Web.Features.Staff;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Komis.Web.Areas.Staff.Controllers;

/// <summary>The branch supervisor: today's payments, reversals with a reason, and closing the day.</summary>
[Authorize(Policy = StaffClaims.SupervisorPolicy)]
[Route("staff/nezaret")]
public sealed class SupervisorController(BranchDayService days, KomisDbContext db, TimeProvider clock, IStringLocalizer<SharedResource> localizer) : StaffController
{
    private Guid BranchId => StaffClaims.BranchOf(User)!.Value;

    [HttpGet("")]
    public async Task<IActionResult> Index(CancellationToken cancellationToken) =>
        View(await days.SummaryAsync(BranchId, ViewModels.Display.Today(clock), cancellationToken));

    /// <summary>Reverses a payment this branch took today, with a reason: a reversing journal and a notice to the biller.</summary>
    [HttpPost("legv/{paymentId:guid}")]
    public async Task<IActionResult> Reverse(Guid paymentId, [FromForm] string? reason, [FromServices] PaymentPosting posting, [FromServices] AuditLog audit, CancellationToken cancellationToken)
    {
        var today = ViewModels.Display.Today(clock);
        var (start, end) = BranchDayService.Range(today);
        var branchId = BranchId;
        var payment = await db.Payments.AsNoTracking()
            .Join(db.PaymentOrders, p => p.OrderId, o => o.Id, (p, o) => new { p.Id, p.Status, p.PaidAt, p.ReceiptNumber, o.BranchId })
            .SingleOrDefaultAsync(x => x.Id == paymentId, cancellationToken);
        if (payment is null || payment.BranchId != branchId)
        {
            return NotFound(); // another branch's payment is simply not there
        }

        string? error = null;
        if (string.IsNullOrWhiteSpace(reason) || reason.Trim().Length is < 5 or > 500)
        {
            error = "Reversal.Error.Reason";
        }
        else if (payment.Status != PaymentStatus.Paid || payment.PaidAt < start || payment.PaidAt >= end)
        {
            error = "Reversal.Error.NotToday";
        }

        if (error is null)
        {
            // The day stays open until the reversal commits: a close waits for it, or it waits for the close.
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            if (!await BranchDayService.HoldOpenAsync(db, branchId, today, cancellationToken))
            {
                error = "Day.Error.AlreadyClosed";
            }
            else
            {
                audit.Add(Actor, "payment.reversal", $"receipt {payment.ReceiptNumber}: {reason!.Trim()}");
                var status = await posting.ReverseAsync(paymentId, reason.Trim(), LedgerAccounts.BranchCash(branchId), cancellationToken);
                if (status == PostingStatus.Done)
                {
                    await transaction.CommitAsync(cancellationToken);
                    TempData["Notice"] = localizer["Reversal.Done", payment.ReceiptNumber ?? ""].Value;
                    return Redirect("/staff/nezaret");
                }

                error = "Reversal.Error.NotToday";
            }
        }

        Response.StatusCode = 422;
        TempData["Notice"] = null;
        ViewData["Error"] = localizer[error].Value;
        return View("Index", await days.SummaryAsync(branchId, today, cancellationToken));
    }

    [HttpPost("gunu-bagla")]
    public async Task<IActionResult> CloseDay(CancellationToken cancellationToken)
    {
        var (closed, errorKey) = await days.CloseTodayAsync(Actor, BranchId, cancellationToken);
        if (closed)
        {
            return Redirect($"/staff/nezaret/hesabat?date={ViewModels.Display.Today(clock):yyyy-MM-dd}");
        }

        Response.StatusCode = 422;
        ViewData["Error"] = localizer[errorKey!].Value;
        return View("Index", await days.SummaryAsync(BranchId, ViewModels.Display.Today(clock), cancellationToken));
    }

    /// <summary>The printable day report.</summary>
    [HttpGet("hesabat")]
    public async Task<IActionResult> Report([FromQuery] DateOnly? date, CancellationToken cancellationToken) =>
        View(await days.SummaryAsync(BranchId, date ?? ViewModels.Display.Today(clock), cancellationToken));
}
