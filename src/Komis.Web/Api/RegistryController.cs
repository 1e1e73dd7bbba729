using Komis.Web.Api.Contracts;
using Komis.Web.Api.Infrastructure;
using Komis.Web.Features.Registry;
using Microsoft.AspNetCore.Mvc;

namespace Komis.Web.Api;

/// <summary>Bulk upload of a biller's accounts and open charges.</summary>
[Route("api/v1/registry")]
public sealed class RegistryController(RegistryImport import, TimeProvider clock) : BillerApiController
{
    /// <summary>Largest registry accepted in one request (about 25 million rows).</summary>
    public const long MaxBytes = 2L * 1024 * 1024 * 1024;

    /// <summary>
    /// Imports a CSV registry (UTF-8, header <c>account,holder_name,address,holder_fin,period,amount,due_date</c>).
    /// All of it applies, or none: a rejected file answers 400 with the first errors by line number.
    /// <c>asOf</c> (optional, ISO 8601) is the moment the registry describes; it defaults to the time of upload.
    /// </summary>
    [HttpPost]
    [Consumes("text/csv")]
    [RequestSizeLimit(MaxBytes)]
    [ProducesResponseType(typeof(RegistryImportResponse), StatusCodes.Status200OK)]
    [ProducesResponseType(typeof(ProblemDetails), StatusCodes.Status400BadRequest)]
    [ProducesResponseType(typeof(ProblemDetails), StatusCodes.Status415UnsupportedMediaType)]
    public async Task<IActionResult> Import([FromQuery] DateTimeOffset? asOf, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        if (asOf > now.AddMinutes(5))
        {
            return Problem(StatusCodes.Status400BadRequest, "The registry was rejected", "'asOf' is in the future.");
        }

        var result = await import.ImportAsync(BillerId, Request.Body, asOf ?? now, cancellationToken);
        if (result.Applied is { } applied)
        {
            return Ok(applied);
        }

        return Problem(StatusCodes.Status400BadRequest, "The registry was rejected",
            "Nothing was imported. The first errors are listed by line number.",
            new Dictionary<string, object?> { ["errors"] = result.Errors });
    }
}
