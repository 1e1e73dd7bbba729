using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace Komis.Web.Integrations.Acquirer;

/// <summary>"Komis:Acquirer": the card acquirer's address, Komis's merchant secret, and where it calls Komis back.</summary>
public sealed class AcquirerOptions
{
    public const string Section = "Komis:Acquirer";

    /// <summary>The acquirer's API base (`POST {BaseUrl}/orders`, `GET {BaseUrl}/orders/{id}`, `POST {BaseUrl}/orders/{id}/cancel`).</summary>
    public string? BaseUrl { get; set; }

    /// <summary>The shared HMAC secret; never in the repository.</summary>
    public string? Secret { get; set; }

    /// <summary>The address the acquirer's servers reach Komis at, for the server-to-server callback.</summary>
    public string? CallbackBaseUrl { get; set; }

    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);
}

/// <summary>Registering an order: what Komis sends.</summary>
public sealed record AcquirerOrderRequest(Guid OrderId, string Amount, string Currency, string Description, string ReturnUrl, string CallbackUrl, string Signature);

public sealed record AcquirerOrderResponse(string PaymentUrl);

/// <summary>The acquirer's view of an order: created, processing, approved, declined or cancelled.</summary>
public sealed record AcquirerOrderStatus(Guid OrderId, string Status, string Amount, string Currency, string? Reference);

/// <summary>The server-to-server callback after the card was charged or declined.</summary>
public sealed record AcquirerCallback(Guid OrderId, string Amount, string Currency, string Result, string? Reference, string Signature);

/// <summary>HMAC-SHA256 signatures over the order, the amount, the currency and (for callbacks) the result.</summary>
public static class AcquirerSignature
{
    public static string FormatAmount(decimal amount) => amount.ToString("0.00", CultureInfo.InvariantCulture);

    public static string ForOrder(string secret, Guid orderId, string amount, string currency) =>
        Compute(secret, $"order|{orderId:N}|{amount}|{currency}");

    public static string ForCallback(string secret, Guid orderId, string amount, string currency, string result, string? reference) =>
        Compute(secret, $"callback|{orderId:N}|{amount}|{currency}|{result}|{reference}");

    public static bool Matches(string expected, string? presented) =>
        presented is not null && presented.Length == expected.Length &&
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(presented));

    private static string Compute(string secret, string message) =>
        Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(message)));
}
