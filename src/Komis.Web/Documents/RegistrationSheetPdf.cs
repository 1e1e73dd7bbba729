using System.Globalization;
using Komis.Web.Features.Registration;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace Komis.Web.Documents;

/// <summary>"Komis:Portal": how the portal introduces itself on printed documents.</summary>
public sealed class PortalOptions
{
    public const string Section = "Komis:Portal";

    /// <summary>The address citizens type to log in, printed on the registration sheet.</summary>
    public string Address { get; set; } = "www.komis.az";
}

/// <summary>The registration sheet as a one-page A4 PDF, in the language the citizen uses.</summary>
public sealed class RegistrationSheetPdf(IStringLocalizer<SharedResource> l, IOptions<PortalOptions> portal)
{
    public byte[] Render(RegistrationSheet sheet)
    {
        using var page = new PdfPage(l["Sheet.Title"]);
        page.Text(l["Portal.FullName"], PdfPage.Font(9), PdfSharp.Drawing.XBrushes.DimGray);
        page.Heading($"{l["Portal.ShortName"]} — {l["Sheet.Title"]}", 18);
        page.Rule();
        page.LabelValue(l["Sheet.Code"], sheet.CodeGrouped, 20);
        page.LabelValue(l["Sheet.Holder"], sheet.FullName);
        page.LabelValue(l["Sheet.Date"], ViewModels.Display.DateTime(sheet.RegisteredAt), 11, boldValue: false);
        page.Space(6);
        page.Heading(l["Sheet.Accounts"], 12);
        page.Table(
            [l["Sheet.Biller"], l["Sheet.Account"], l["Sheet.Address"]],
            sheet.Accounts.Select(a => (IReadOnlyList<string>)[a.Biller, a.AccountNumber, a.Address]).ToList(),
            [0.3, 0.25, 0.45]);
        page.Rule();
        page.LabelValue(l["Sheet.InitialPassword"], sheet.InitialPassword, 16);
        page.Text(l["Sheet.PasswordNote"], PdfPage.Font(9));
        page.Rule();
        page.Heading(l["Sheet.HowToLogin"], 12);
        page.Text(string.Format(CultureInfo.CurrentCulture, l["Sheet.Instructions"], portal.Value.Address, sheet.CodeGrouped));
        page.Space(10);
        page.Text(l["Sheet.KeepSafe"], PdfPage.Font(9, bold: true));
        return page.ToBytes();
    }
}
