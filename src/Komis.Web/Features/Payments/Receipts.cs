using System.Security.Cryptography;
using System.Text;
using Komis.Domain.Payments;
using Komis.Domain.Subscribers;
using Komis.Web.Configuration.Security;
using Komis.Web.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using QRCoder;

namespace Komis.Web.Features.Payments;

/// <summary>The receipt (çıxarış): the same for every channel.</summary>
public sealed record ReceiptView(
    string Number,
    DateTimeOffset PaidAt,
    string? PayerCode,
    string? PayerNameMasked,
    string ServicePoint,
    PaymentChannel Channel,
    Domain.Common.LocalizedText Biller,
    string AccountNumber,
    IReadOnlyList<PeriodAmount> Periods,
    decimal Amount,
    decimal Fee,
    PaymentStatus Status,
    DateTimeOffset? ReversedAt,
    string VerificationPath,
    DateTimeOffset? DeliveredToBillerAt)
{
    public decimal Total => Amount + Fee;
}

/// <summary>
/// The key-bound token of a receipt's verification link: without it nobody can look receipts up by guessing numbers.
/// </summary>
public sealed class ReceiptTokens
{
    private readonly byte[] _key;

    public ReceiptTokens(IOptions<KeyOptions> options, IHostEnvironment environment, ILogger<ReceiptTokens> logger)
    {
        _key = KeyMaterial.Load(options.Value.Receipts, "Receipts", 32, environment, logger);
    }

    public string For(string receiptNumber) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(_key, Encoding.ASCII.GetBytes(receiptNumber)))[..20];

    public bool Verify(string receiptNumber, string? token) =>
        token is { Length: 20 } && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(For(receiptNumber)), Encoding.ASCII.GetBytes(token));

    public string VerificationPath(string receiptNumber) => $"/cixaris/yoxla/{receiptNumber}?t={For(receiptNumber)}";
}

/// <summary>Reads receipts; who may see one is decided by the caller's filter on the order.</summary>
public sealed class ReceiptQuery(KomisDbContext db, ReceiptTokens tokens)
{
    /// <summary>A receipt, or null when it does not exist or <paramref name="isVisible"/> refuses its order.</summary>
    public async Task<ReceiptView?> GetAsync(string number, Func<PaymentOrder, bool> isVisible, CancellationToken cancellationToken)
    {
        if (!ReceiptNumber.IsValid(number))
        {
            return null;
        }

        var payment = await db.Payments.AsNoTracking().Include(p => p.Allocations).SingleOrDefaultAsync(p => p.ReceiptNumber == number, cancellationToken);
        if (payment is null)
        {
            return null;
        }

        var order = await db.PaymentOrders.AsNoTracking().SingleAsync(o => o.Id == payment.OrderId, cancellationToken);
        if (!isVisible(order))
        {
            return null;
        }

        var biller = await db.Billers.AsNoTracking().SingleAsync(b => b.Id == payment.BillerId, cancellationToken);
        var deliveredAt = await db.OutboxMessages.AsNoTracking()
            .Where(m => m.PaymentId == payment.Id && m.Kind == Data.Outbox.OutboxKind.PaymentPaid)
            .Select(m => m.DeliveredAt).FirstOrDefaultAsync(cancellationToken);
        var payer = order.SubscriberId is { } sid
            ? await db.Subscribers.AsNoTracking().Where(s => s.Id == sid).Select(s => new { s.Code, s.FullName }).SingleOrDefaultAsync(cancellationToken)
            : null;
        return new ReceiptView(
            number,
            payment.PaidAt!.Value,
            payer?.Code,
            payer is null ? null : Mask.Name(payer.FullName),
            order.ServicePoint,
            payment.Channel,
            biller.Name,
            payment.AccountNumber,
            payment.Allocations.OrderBy(a => a.Period is null).ThenBy(a => a.Period).Select(a => new PeriodAmount(a.Period?.ToString(), a.Amount)).ToList(),
            payment.Amount,
            payment.Fee,
            payment.Status,
            payment.ReversedAt,
            tokens.VerificationPath(number),
            deliveredAt);
    }

    /// <summary>The QR code's modules (true = dark) of the receipt's verification link, for drawing in a PDF.</summary>
    public static IReadOnlyList<System.Collections.BitArray> QrModules(string absoluteUrl)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(absoluteUrl, QRCodeGenerator.ECCLevel.M);
        return data.ModuleMatrix.ToList();
    }

    /// <summary>A QR code (PNG) of the receipt's verification link.</summary>
    public static byte[] QrPng(string absoluteUrl)
    {
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(absoluteUrl, QRCodeGenerator.ECCLevel.M);
        return new PngByteQRCode(data).GetGraphic(6);
    }
}
