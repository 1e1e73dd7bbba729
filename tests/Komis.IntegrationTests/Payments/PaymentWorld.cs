using System.Net;
using System.Text.RegularExpressions;
using Komis.IntegrationTests.Citizens;
using Komis.IntegrationTests.Infrastructure;
using Komis.Web.Data;
using Komis.Web.Integrations.Acquirer;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Komis.IntegrationTests.Payments;

/// <summary>A signed-in citizen paying from the cabinet, the way a browser does it.</summary>
public static partial class PaymentWorld
{
    public const string NewPassword = "yaşıl dağlar altında";

    public static async Task<FormClient> CitizenWithAccountsAsync(KomisAppFactory app, params (string Biller, string Number, (int Y, int M, decimal Amount)[] Charges)[] accounts)
    {
        var person = CitizenWorld.NewPerson(app);
        foreach (var (biller, number, charges) in accounts)
        {
            await CitizenWorld.NewAccountAsync(app, biller, number, null, charges);
        }

        var client = app.CreateFormClient();
        var (code, password) = await CitizenWorld.RegisterAsync(client, person, accounts.Select(a => (a.Biller, a.Number)).ToArray());
        await CitizenWorld.LoginAsync(client, code, password);
        await CitizenWorld.ChangePasswordAsync(client, password, NewPassword);
        return client;
    }

    public static Task<long> AccountIdAsync(KomisAppFactory app, string number) =>
        app.WithDbAsync(db => db.BillerAccounts.Where(a => a.AccountNumber == number).Select(a => a.Id).SingleAsync());

    /// <summary>Posts the pay form: per account, the periods (with amounts) and an advance.</summary>
    public static async Task<HttpResponseMessage> ReviewAsync(FormClient client, params (long AccountId, (string Period, string Amount)[] Charges, string? Advance)[] lines)
    {
        var fields = new List<KeyValuePair<string, string>>();
        for (var i = 0; i < lines.Length; i++)
        {
            fields.Add(new($"Lines[{i}].AccountId", lines[i].AccountId.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            fields.Add(new($"Lines[{i}].Advance", lines[i].Advance ?? ""));
            for (var j = 0; j < lines[i].Charges.Length; j++)
            {
                fields.Add(new($"Lines[{i}].Charges[{j}].Period", lines[i].Charges[j].Period));
                fields.Add(new($"Lines[{i}].Charges[{j}].Selected", "true"));
                fields.Add(new($"Lines[{i}].Charges[{j}].Amount", lines[i].Charges[j].Amount));
            }
        }

        return await client.PostFormAsync("/kabinet/odenis", "/kabinet/odenis/yoxla", fields);
    }

    /// <summary>The confirmation form's fields (the choices and the idempotency key).</summary>
    /// <summary>
    /// Signs a just-registered citizen in on <paramref name="client"/>, replaces the initial password, and stops at the
    /// confirmation of a 5 AZN card payment on 1002003004 (October): the fields the "pay" button posts.
    /// </summary>
    public static async Task<List<KeyValuePair<string, string>>> AtTheConfirmStepAsync(
        KomisAppFactory app, FormClient client, string code, string password)
    {
        await CitizenWorld.LoginAsync(client, code, password);
        await CitizenWorld.ChangePasswordAsync(client, password, NewPassword);
        var gas = await AccountIdAsync(app, "1002003004");
        return ConfirmFields(await (await ReviewAsync(client, (gas, [("2026-10", "5")], null))).Content.ReadAsStringAsync());
    }

    public static List<KeyValuePair<string, string>> ConfirmFields(string confirmHtml) => ConfirmFieldsOf(confirmHtml, "/kabinet/odenis/tesdiq");

    /// <summary>The fields a browser would post from the form with <paramref name="action"/> (hidden ones, and filled inputs).</summary>
    public static List<KeyValuePair<string, string>> ConfirmFieldsOf(string html, string action)
    {
        var form = html[html.IndexOf($"action=\"{action}\"", StringComparison.Ordinal)..];
        form = form[..form.IndexOf("</form>", StringComparison.Ordinal)];
        return InputPattern().Matches(form)
            .Select(m => m.Value)
            .Where(input => input.Contains("type=\"hidden\"", StringComparison.Ordinal) || (input.Contains(" value=\"", StringComparison.Ordinal) && !input.Contains("type=\"checkbox\"", StringComparison.Ordinal))
                            || (input.Contains("type=\"checkbox\"", StringComparison.Ordinal) && input.Contains("checked", StringComparison.Ordinal)))
            .Select(input => new KeyValuePair<string, string>(
                NamePattern().Match(input).Groups[1].Value, WebUtility.HtmlDecode(ValuePattern().Match(input).Groups[1].Value)))
            .ToList();
    }

    /// <summary>Confirms; answers the redirect to the acquirer's payment page.</summary>
    public static Task<HttpResponseMessage> ConfirmAsync(FormClient client, List<KeyValuePair<string, string>> fields) =>
        client.Http.PostAsync("/kabinet/odenis/tesdiq", new FormUrlEncodedContent(fields));

    /// <summary>On the sandbox acquirer's page, pays with <paramref name="card"/>; answers the redirect back to Komis.</summary>
    public static async Task<HttpResponseMessage> PayOnAcquirerAsync(FormClient client, string paymentPage, string card) =>
        await client.PostFormAsync(paymentPage, paymentPage, [new("cardNumber", card), new("expiry", "12/30"), new("cvv", "123")]);

    /// <summary>The whole card payment; returns the order id.</summary>
    public static async Task<Guid> PayAsync(FormClient client, string card, params (long AccountId, (string Period, string Amount)[] Charges, string? Advance)[] lines)
    {
        var review = await ReviewAsync(client, lines);
        Assert.Equal(HttpStatusCode.OK, review.StatusCode);
        var confirm = await ConfirmAsync(client, ConfirmFields(await review.Content.ReadAsStringAsync()));
        var paymentPage = confirm.LocationPath()!;
        Assert.StartsWith("/sandbox/acquirer/pay/", paymentPage);
        var back = await PayOnAcquirerAsync(client, paymentPage, card);
        Assert.StartsWith("/kabinet/odenis/", back.LocationPath());
        return Guid.Parse(paymentPage["/sandbox/acquirer/pay/".Length..]);
    }

    public static string AcquirerSecret(KomisAppFactory app) => app.Services.GetRequiredService<IOptions<AcquirerOptions>>().Value.Secret!;

    [GeneratedRegex("<input [^>]*>")]
    private static partial Regex InputPattern();

    [GeneratedRegex(" name=\"([^\"]+)\"")]
    private static partial Regex NamePattern();

    [GeneratedRegex(" value=\"([^\"]*)\"")]
    private static partial Regex ValuePattern();
}
