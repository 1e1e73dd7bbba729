using Komis.Web.Api.Contracts;
using Komis.Web.Api.Infrastructure;
using Microsoft.AspNetCore.Mvc;

namespace Komis.Web.Api;

/// <summary>The biller's payments, in the order Komis recorded them, for billers that pull rather than receive webhooks.</summary>
[Route("api/v1/payments")]
public sealed class PaymentsController : BillerApiController
{
    public const int MaxLimit = 1000;

    /// <summary>
    /// Payments after the cursor <c>after</c> (from the previous page's <c>next</c>; omit it to start), at most
    /// <c>limit</c> (1–1000, default 100). Payments arrive with the payments feature; until then the list is empty.
    /// </summary>
    [HttpGet]
    [ProducesResponseType(typeof(PaymentPage), StatusCodes.Status200OK)]
    [ProducesResponseType(typeof(ValidationProblemDetails), StatusCodes.Status400BadRequest)]
    public IActionResult List([FromQuery] string? after, [FromQuery] int limit = 100)
    {
        var errors = new Dictionary<string, string[]>();
        if (limit is < 1 or > MaxLimit)
        {
            errors["limit"] = [$"'limit' is between 1 and {MaxLimit}."];
        }

        if (after is not null && (after.Length > 40 || !long.TryParse(after, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out _)))
        {
            errors["after"] = ["'after' is a cursor from a previous page's 'next'."];
        }

        if (errors.Count > 0)
        {
            return BadRequest(new ValidationProblemDetails(errors) { Status = 400, Title = "One or more fields are not valid." });
        }

        return Ok(new PaymentPage([], Next: after));
    }
}
