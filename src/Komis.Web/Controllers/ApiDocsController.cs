using Microsoft.AspNetCore.Mvc;

namespace Komis.Web.Controllers;

/// <summary>The browsable reference of the biller API, drawn by Scalar from /openapi/v1.json.</summary>
[ApiExplorerSettings(IgnoreApi = true)]
public sealed class ApiDocsController : Controller
{
    /// <summary>The one page whose styles are injected by a script (Scalar's); it has no inline scripts.</summary>
    public const string Path = "/api/docs";

    [HttpGet(Path)]
    public IActionResult Index() => View();
}
