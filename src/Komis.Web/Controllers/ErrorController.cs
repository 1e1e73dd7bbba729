using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace Komis.Web.Controllers;

/// <summary>Friendly error pages; they say what happened in plain words and nothing about internals.</summary>
[ApiExplorerSettings(IgnoreApi = true)]
public sealed class ErrorController : Controller
{
    [Route("/xeta/{code:int}")]
    [IgnoreAntiforgeryToken]
    public IActionResult Status([FromRoute] int code)
    {
        // From the route only: a re-executed form post may carry a field of the same name (the login form's "Code").
        var status = code is >= 400 and <= 599 ? code : 404;
        Response.StatusCode = status;
        if (status == 500 && Configuration.DatabaseUnavailable.Is(HttpContext.Features.Get<IExceptionHandlerFeature>()?.Error))
        {
            Configuration.DatabaseUnavailable.Mark(Response);
            status = 503;
        }

        return View("Status", status);
    }
}
