using System.Globalization;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;

namespace Komis.Web.Api.Infrastructure;

/// <summary>
/// Base of the biller API: JSON, bearer-key authenticated (no cookies, so no antiforgery), and scoped to the
/// caller's own biller: every query filters by <see cref="BillerId"/>.
/// </summary>
[ApiController]
[Authorize(Policy = BillerApiAuthentication.Policy)]
[IgnoreAntiforgeryToken]
[Microsoft.AspNetCore.RateLimiting.EnableRateLimiting(Configuration.CitizensConfig.BillerApiRateLimit)]
[ProducesResponseType(typeof(ProblemDetails), StatusCodes.Status401Unauthorized)]
public abstract class BillerApiController : ControllerBase
{
    protected int BillerId => int.Parse(User.FindFirst(BillerApiAuthentication.BillerIdClaim)!.Value, CultureInfo.InvariantCulture);

    protected ObjectResult Problem(int status, string title, string? detail = null, IDictionary<string, object?>? extensions = null)
    {
        var problem = new ProblemDetails { Status = status, Title = title, Detail = detail };
        if (extensions is not null)
        {
            foreach (var (key, value) in extensions)
            {
                problem.Extensions[key] = value;
            }
        }

        return new ObjectResult(problem) { StatusCode = status, ContentTypes = { "application/problem+json" } };
    }

    protected ObjectResult NotFoundProblem(string detail) => Problem(StatusCodes.Status404NotFound, "Not found", detail);
}
