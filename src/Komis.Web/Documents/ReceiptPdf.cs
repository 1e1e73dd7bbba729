using System.Globalization;
using Komis.Web.Features.Payments;
using Komis.Web.ViewModels;
using Microsoft.Extensions.Localization;

namespace Komis.Web.Documents;

/// <summary>The receipt as a PDF: the same content as the printed page, with the QR code of its verification link.</summary>
public sealed class ReceiptPdf(IStringLocalizer<SharedResource> l)
{
    public byte[] Render(ReceiptView receipt, string verificationUrl)
    {
        using var page = new PdfPage($"{l["Receipt.Title"]} {receipt.Number}");
        page.QrCodeRight(ReceiptQuery.QrModules(verificationUrl), 100);
        page.Text(l["Portal.FullName"], PdfPage.Font(8), PdfSharp.Drawing.XBrushes.DimGray);
        page.Heading($"{l["Portal.ShortName"]} — {l["Receipt.Title"]}", 16);
        page.LabelValue(l["Receipt.Number"], receipt.Number, 14);
        page.LabelValue(l["Receipt.DateTime"], Display.DateTime(receipt.PaidAt), 10, boldValue: false);
        page.LabelValue(l["Receipt.Operator"], "KÖMİS", 10, boldValue: false);
        page.Rule();
        if (receipt.PayerCode is not null)
        {
            page.LabelValue(l["Receipt.Payer"], $"{receipt.PayerCode} · {receipt.PayerNameMasked}", 10, boldValue: false);
        }

        page.LabelValue(l["Receipt.ServicePoint"], receipt.ServicePoint, 10, boldValue: false);
        page.LabelValue(l["Receipt.Biller"], receipt.Biller.Current, 10);
        page.LabelValue(l["Receipt.Account"], receipt.AccountNumber, 10);
        page.LabelValue(l["Receipt.Periods"], string.Join(", ", receipt.Periods.Select(p => $"{p.Period ?? l["Receipt.Advance"].Value}: {Display.Money(p.Amount)}")), 10, boldValue: false);
        page.Rule();
        page.LabelValue(l["Receipt.Amount"], Display.Money(receipt.Amount), 10);
        page.LabelValue(l["Receipt.Fee"], Display.Money(receipt.Fee), 10);
        page.LabelValue(l["Receipt.Total"], Display.Money(receipt.Total), 14);
        page.LabelValue(l["Receipt.Status"], l["Receipt.Status." + receipt.Status].Value + (receipt.ReversedAt is { } r ? $" ({Display.DateTime(r)})" : ""), 11);
        page.Rule();
        page.Text(string.Format(CultureInfo.CurrentCulture, l["Receipt.VerifyNote"], verificationUrl), PdfPage.Font(8));
        return page.ToBytes();
    }
}
