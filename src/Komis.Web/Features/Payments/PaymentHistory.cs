using Komis.Domain.Payments;
using Komis.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Komis.Web.Features.Payments;

public sealed class HistoryFilter
{
    public DateOnly? From { get; set; }

    public DateOnly? To { get; set; }

    public string? Biller { get; set; }

    public string? Account { get; set; }
}

public sealed record HistoryRow(string ReceiptNumber, DateTimeOffset PaidAt, Domain.Common.LocalizedText Biller, string BillerCode, string AccountNumber, decimal Amount, decimal Fee, PaymentStatus Status, PaymentChannel Channel);

/// <summary>A subscriber's paid and reversed payments, newest first, filtered by date (Baku), biller and account.</summary>
public sealed class PaymentHistoryQuery(KomisDbContext db)
{
    public const int MaxRows = 500;

    public async Task<IReadOnlyList<HistoryRow>> GetAsync(Guid subscriberId, HistoryFilter filter, CancellationToken cancellationToken)
    {
        var query =
            from p in db.Payments.AsNoTracking()
            join o in db.PaymentOrders on p.OrderId equals o.Id
            join b in db.Billers on p.BillerId equals b.Id
            where o.SubscriberId == subscriberId && (p.Status == PaymentStatus.Paid || p.Status == PaymentStatus.Reversed)
            select new { p, b };
        if (filter.From is { } from)
        {
            var start = new DateTimeOffset(from.ToDateTime(TimeOnly.MinValue), ViewModels.Display.Baku.BaseUtcOffset).ToUniversalTime();
            query = query.Where(x => x.p.PaidAt >= start);
        }

        if (filter.To is { } to)
        {
            var end = new DateTimeOffset(to.AddDays(1).ToDateTime(TimeOnly.MinValue), ViewModels.Display.Baku.BaseUtcOffset).ToUniversalTime();
            query = query.Where(x => x.p.PaidAt < end);
        }

        if (!string.IsNullOrWhiteSpace(filter.Biller))
        {
            var code = filter.Biller.Trim().ToUpperInvariant();
            query = query.Where(x => x.b.Code == code);
        }

        if (!string.IsNullOrWhiteSpace(filter.Account))
        {
            var account = Domain.Billers.AccountNumberFormat.Normalize(filter.Account);
            query = query.Where(x => x.p.AccountNumber == account);
        }

        return await query.OrderByDescending(x => x.p.PaidAt).Take(MaxRows)
            .Select(x => new HistoryRow(x.p.ReceiptNumber!, x.p.PaidAt!.Value, x.b.Name, x.b.Code, x.p.AccountNumber, x.p.Amount, x.p.Fee, x.p.Status, x.p.Channel))
            .ToListAsync(cancellationToken);
    }
}
