using Microsoft.AspNetCore.Mvc;

namespace Komis.Web.Controllers;

public sealed class HomeController : Controller
{
    [HttpGet("/")]
    public IActionResult Index() => View();

    [HttpGet("/odenis-xidmetleri")]
    public IActionResult PaymentServices() => View();

    [HttpGet("/odenis-mexanizmleri")]
    public IActionResult PaymentMechanisms([FromServices] IConfiguration configuration) =>
        View(configuration.GetSection("Komis:Tutorials").Get<List<Komis.Web.ViewModels.Tutorial>>() ?? []);
}
