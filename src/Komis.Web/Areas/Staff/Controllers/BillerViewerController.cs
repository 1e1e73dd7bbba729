using System.Globalization;
using Komis.Domain.Billers;
using Komis.Domain.Payments;
using Komis.Web.Data;
using Komis.Web.Features.Staff;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Komis.Web.Areas.Staff.Controllers;

/// <summary>
/// A biller's staff: their own biller's payments and whether each reached them, read-only. One Baku day at a time with
/// its totals, or one account's payments, or one receipt (a customer on the phone: "I paid, here is the receipt"),
/// newest first, <see cref="PageSize"/> a page. Another biller's payment is simply not there.
/// </summary>
[Authorize(Policy = StaffClaims.BillerViewerPolicy)]
[Route("staff/teskilat")]
public sealed class BillerViewerController(KomisDbContext db, TimeProvider clock) : StaffController
{
    public const int PageSize = 100;

    [HttpGet("")]
    public async Task<IActionResult> Index([FromQuery] DateOnly? day, [FromQuery] string? account, [FromQuery] string? receipt, [FromQuery] int? page, CancellationToken cancellationToken)
    {
        var billerId = int.Parse(User.FindFirst(StaffClaims.BillerId)!.Value, CultureInfo.InvariantCulture);
        var biller = await db.Billers.AsNoTracking().SingleAsync(b => b.Id == billerId, cancellationToken);
        var filter = new BillerPaymentFilter(
            day ?? ViewModels.Display.Today(clock),
            // Asked for but impossible (too long, no digits): looked for as given, so that nothing is found rather than the day.
            string.IsNullOrWhiteSpace(account) ? null : account.Length > AccountNumberFormat.MaxLength ? "" : AccountNumberFormat.Normalize(account),
            string.IsNullOrWhiteSpace(receipt) ? null : string.Concat(receipt.Where(char.IsAsciiDigit).Take(12)),
            page is > 0 and < 100_000 ? page.Value : 0);

        var payments = db.Payments.AsNoTracking()
            .Where(p => p.BillerId == billerId && (p.Status == PaymentStatus.Paid || p.Status == PaymentStatus.Reversed));
        BillerDayTotals? totals = null;
        if (filter.Receipt is { } number)
        {
            payments = payments.Where(p => p.ReceiptNumber == number); // through the receipts' unique index
        }
        else if (filter.Account is { } accountNumber)
        {
            // Through the biller's account and the (account, paid) index.
            payments = payments.Where(p => db.BillerAccounts.Any(a => a.Id == p.BillerAccountId && a.BillerId == billerId && a.AccountNumber == accountNumber));
        }
        else
        {
            var (start, end) = BranchDayService.Range(filter.Day);
            payments = payments.Where(p => p.PaidAt >= start && p.PaidAt < end); // through the (biller, paid) index
            totals = await payments.GroupBy(_ => 1).Select(g => new BillerDayTotals(
                    g.Count(p => p.Status == PaymentStatus.Paid),
                    g.Where(p => p.Status == PaymentStatus.Paid).Sum(p => p.Amount),
                    g.Count(p => p.Status == PaymentStatus.Reversed)))
                .SingleOrDefaultAsync(cancellationToken) ?? new BillerDayTotals(0, 0, 0);
        }

        var rows = await payments
            .OrderByDescending(p => p.PaidAt).ThenBy(p => p.Id)
            .Skip(filter.Page * PageSize).Take(PageSize + 1)
            .Select(p => new BillerPaymentRow(p.PaidAt!.Value, p.ReceiptNumber!, p.AccountNumber, p.Amount, p.Status, p.Channel,
                db.OutboxMessages.Where(m => m.PaymentId == p.Id && m.Kind == Data.Outbox.OutboxKind.PaymentPaid).Select(m => m.DeliveredAt).FirstOrDefault()))
            .ToListAsync(cancellationToken);
        return View(new BillerViewerViewModel(biller.Name.Current, rows.Take(PageSize).ToList(), filter, rows.Count > PageSize, totals));
    }
}

public sealed record BillerPaymentRow(DateTimeOffset PaidAt, string ReceiptNumber, string AccountNumber, decimal Amount, PaymentStatus Status, PaymentChannel Channel, DateTimeOffset? DeliveredAt);

/// <summary>What the biller's staff look for: a day, or an account, or a receipt (the narrowest given wins), and the page.</summary>
public sealed record BillerPaymentFilter(DateOnly Day, string? Account, string? Receipt, int Page);

/// <summary>A day's paid payments (count and amount, without fees: the fee is Komis's) and reversals.</summary>
public sealed record BillerDayTotals(int Paid, decimal Amount, int Reversed);

public sealed record BillerViewerViewModel(string Biller, IReadOnlyList<BillerPaymentRow> Rows, BillerPaymentFilter Filter, bool HasMore, BillerDayTotals? Totals);
