using System.Globalization;
using Komis.Domain.Payments;
using Komis.Web.Data;
using Komis.Web.Features.Staff;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Komis.Web.Areas.Staff.Controllers;

/// <summary>A biller's staff: their own biller's latest payments and delivery state, read-only.</summary>
[Authorize(Policy = StaffClaims.BillerViewerPolicy)]
[Route("staff/teskilat")]
public sealed class BillerViewerController(KomisDbContext db) : StaffController
{
    [HttpGet("")]
    public async Task<IActionResult> Index(CancellationToken cancellationToken)
    {
        var billerId = int.Parse(User.FindFirst(StaffClaims.BillerId)!.Value, CultureInfo.InvariantCulture);
        var biller = await db.Billers.AsNoTracking().SingleAsync(b => b.Id == billerId, cancellationToken);
        var rows = await db.Payments.AsNoTracking()
            .Where(p => p.BillerId == billerId && (p.Status == PaymentStatus.Paid || p.Status == PaymentStatus.Reversed))
            .OrderByDescending(p => p.PaidAt).Take(200)
            .Select(p => new BillerPaymentRow(p.PaidAt!.Value, p.ReceiptNumber!, p.AccountNumber, p.Amount, p.Status, p.Channel,
                db.OutboxMessages.Where(m => m.PaymentId == p.Id && m.Kind == Data.Outbox.OutboxKind.PaymentPaid).Select(m => m.DeliveredAt).FirstOrDefault()))
            .ToListAsync(cancellationToken);
        return View(new BillerViewerViewModel(biller.Name.Current, rows));
    }
}

public sealed record BillerPaymentRow(DateTimeOffset PaidAt, string ReceiptNumber, string AccountNumber, decimal Amount, PaymentStatus Status, PaymentChannel Channel, DateTimeOffset? DeliveredAt);

public sealed record BillerViewerViewModel(string Biller, IReadOnlyList<BillerPaymentRow> Rows);
