using Microsoft.AspNetCore.Mvc;

namespace Komis.Web.Controllers;

public sealed class HomeController : Controller
{
    [HttpGet("/")]
    public IActionResult Index() => View();

    [HttpGet("/odenis-xidmetleri")]
    public IActionResult PaymentServices() => View();

    [HttpGet("/odenis-mexanizmleri")]
    public IActionResult PaymentMechanisms() => View();
}
