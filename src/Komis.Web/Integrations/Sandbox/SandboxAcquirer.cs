using System.Collections.Concurrent;
using System.Net.Http.Json;
using System.Security.Cryptography;
using Komis.Domain.Common;
using Komis.Web.Integrations.Acquirer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace Komis.Web.Integrations.Sandbox;

/// <summary>An order as the sandbox acquirer holds it. Card numbers are never kept, only the last four digits.</summary>
public sealed class SandboxCardOrder
{
    public required Guid OrderId { get; init; }

    public required string Amount { get; init; }

    public required string Currency { get; init; }

    public required string Description { get; init; }

    public required string ReturnUrl { get; init; }

    public required string CallbackUrl { get; init; }

    public string Status { get; set; } = "created";

    public string? Reference { get; set; }

    public string? CardLast4 { get; set; }
}

/// <summary>
/// The sandbox card acquirer's state. Test cards: 4111 1111 1111 1111 is approved, 4000 0000 0000 0002 is declined,
/// 4000 0000 0000 0259 is taken but never answered (the order stays "processing" and no callback comes).
/// </summary>
public sealed class SandboxAcquirer
{
    public const string ApprovedCard = "4111111111111111";
    public const string DeclinedCard = "4000000000000002";
    public const string SilentCard = "4000000000000259";

    private readonly ConcurrentDictionary<Guid, SandboxCardOrder> _orders = new();

    public string Secret { get; } = Convert.ToHexString(RandomNumberGenerator.GetBytes(24));

    public int CallbacksSent => _callbacks;

    private int _callbacks;

    public SandboxCardOrder Register(SandboxCardOrder order) => _orders.GetOrAdd(order.OrderId, order);

    public SandboxCardOrder? Find(Guid orderId) => _orders.GetValueOrDefault(orderId);

    internal void CountCallback() => Interlocked.Increment(ref _callbacks);
}

/// <summary>The sandbox acquirer's server API (what <see cref="AcquirerClient"/> calls), in the acquirer protocol.</summary>
[ApiController]
[AllowAnonymous]
[IgnoreAntiforgeryToken]
[ApiExplorerSettings(IgnoreApi = true)]
[Route("sandbox/acquirer/api")]
public sealed class SandboxAcquirerApiController(SandboxAcquirer acquirer, IOptions<SandboxOptions> options) : ControllerBase
{
    [HttpPost("orders")]
    public IActionResult Register([FromBody] AcquirerOrderRequest request)
    {
        if (!Allowed())
        {
            return Unauthorized();
        }

        if (!AcquirerSignature.Matches(AcquirerSignature.ForOrder(acquirer.Secret, request.OrderId, request.Amount, request.Currency), request.Signature))
        {
            return BadRequest(new ProblemDetails { Title = "Bad signature" });
        }

        var order = acquirer.Register(new SandboxCardOrder
        {
            OrderId = request.OrderId,
            Amount = request.Amount,
            Currency = request.Currency,
            Description = request.Description,
            ReturnUrl = request.ReturnUrl,
            CallbackUrl = request.CallbackUrl,
        });
        if (order.Amount != request.Amount)
        {
            return Conflict(new ProblemDetails { Title = "The order exists with another amount" });
        }

        return Ok(new AcquirerOrderResponse($"/sandbox/acquirer/pay/{order.OrderId:N}"));
    }

    [HttpGet("orders/{orderId:guid}")]
    public IActionResult Status(Guid orderId) =>
        !Allowed() ? Unauthorized()
        : acquirer.Find(orderId) is { } o ? Ok(new AcquirerOrderStatus(o.OrderId, o.Status, o.Amount, o.Currency, o.Reference))
        : NotFound();

    [HttpPost("orders/{orderId:guid}/cancel")]
    public IActionResult Cancel(Guid orderId)
    {
        if (!Allowed())
        {
            return Unauthorized();
        }

        if (acquirer.Find(orderId) is not { } o)
        {
            return NotFound();
        }

        if (o.Status is "created" or "processing")
        {
            o.Status = "cancelled";
        }

        return Ok(new AcquirerOrderStatus(o.OrderId, o.Status, o.Amount, o.Currency, o.Reference));
    }

    private bool Allowed() => options.Value.Enabled && Request.Headers.Authorization.ToString() == "Bearer " + acquirer.Secret;
}

/// <summary>The sandbox acquirer's hosted payment page: its own card form, clearly marked as a sandbox.</summary>
[AllowAnonymous]
[ApiExplorerSettings(IgnoreApi = true)]
[Route("sandbox/acquirer/pay/{orderId:guid}")]
public sealed class SandboxAcquirerPageController(
    SandboxAcquirer acquirer,
    IOptions<SandboxOptions> options,
    IHttpClientFactory clients,
    ILogger<SandboxAcquirerPageController> logger) : Controller
{
    public const string CallbackClient = "sandbox-acquirer-callback";

    [HttpGet("")]
    public IActionResult Pay(Guid orderId) =>
        options.Value.Enabled && acquirer.Find(orderId) is { } order ? View("~/Views/Sandbox/AcquirerPay.cshtml", order) : NotFound();

    [HttpPost("")]
    public async Task<IActionResult> Submit(Guid orderId, [FromForm] string? cardNumber, [FromForm] string? expiry, [FromForm] string? cvv, CancellationToken cancellationToken)
    {
        if (!options.Value.Enabled || acquirer.Find(orderId) is not { } order)
        {
            return NotFound();
        }

        if (order.Status != "created")
        {
            return Redirect(order.ReturnUrl);
        }

        var card = string.Concat((cardNumber ?? "").Where(char.IsAsciiDigit));
        if (card.Length != 16 || !Luhn.IsValid(card) || !ValidExpiry(expiry) || cvv is not { Length: 3 } || !cvv.All(char.IsAsciiDigit))
        {
            ViewData["Error"] = "Kart məlumatları düzgün deyil / Invalid card details";
            Response.StatusCode = 422;
            return View("~/Views/Sandbox/AcquirerPay.cshtml", order);
        }

        order.CardLast4 = card[^4..];
        order.Reference = "SBX" + Convert.ToHexString(RandomNumberGenerator.GetBytes(6));
        if (card == SandboxAcquirer.SilentCard)
        {
            order.Status = "processing"; // the bank never answers; no callback, the customer returns to a pending order
            return Redirect(order.ReturnUrl);
        }

        order.Status = card == SandboxAcquirer.ApprovedCard ? "approved" : "declined";
        var result = order.Status;
        var callback = new AcquirerCallback(order.OrderId, order.Amount, order.Currency, result, order.Reference,
            AcquirerSignature.ForCallback(acquirer.Secret, order.OrderId, order.Amount, order.Currency, result, order.Reference));
        try
        {
            using var response = await clients.CreateClient(CallbackClient).PostAsJsonAsync(order.CallbackUrl, callback, cancellationToken);
            acquirer.CountCallback();
            logger.LogInformation("Sandbox acquirer callback for order {OrderId}: {Status}", order.OrderId, (int)response.StatusCode);
        }
        catch (HttpRequestException ex)
        {
            // A real acquirer retries; Komis also asks for the status before it expires an order.
            logger.LogWarning("Sandbox acquirer callback for order {OrderId} failed: {Reason}", order.OrderId, ex.Message);
        }

        return Redirect(order.ReturnUrl);
    }

    private static bool ValidExpiry(string? expiry)
    {
        var parts = (expiry ?? "").Split('/');
        return parts.Length == 2 && int.TryParse(parts[0], out var month) && int.TryParse(parts[1], out var year) &&
               month is >= 1 and <= 12 && new DateOnly(2000 + year, month, 1).AddMonths(1) > DateOnly.FromDateTime(DateTime.UtcNow);
    }
}
