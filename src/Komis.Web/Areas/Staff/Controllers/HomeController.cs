using Microsoft.AspNetCore.Mvc;

namespace Komis.Web.Areas.Staff.Controllers;

/// <summary>The landing page of a staff member whose role has no desk of its own here yet.</summary>
[Route("staff/ev")]
public sealed class HomeController : StaffController
{
    [HttpGet("")]
    public IActionResult Index() => View();
}
