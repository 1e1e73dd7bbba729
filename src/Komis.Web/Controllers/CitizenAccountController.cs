using Komis.Web.Configuration;
using Komis.Web.Data;
using Komis.Web.Features.Citizens;
using Komis.Web.ViewModels;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;

namespace Komis.Web.Controllers;

/// <summary>Citizen login ("Giriş") and logout.</summary>
public sealed class CitizenAccountController : Controller
{
    [HttpGet("/odenis-xidmetleri/giris")]
    public IActionResult Login(string? returnUrl) =>
        View(new LoginViewModel { ReturnUrl = Url.IsLocalUrl(returnUrl) ? returnUrl : null });

    [HttpPost("/odenis-xidmetleri/giris")]
    [EnableRateLimiting(CitizensConfig.LoginRateLimit)]
    public async Task<IActionResult> Login([FromForm] LoginInput input, [FromForm] string? returnUrl, [FromServices] CitizenLoginHandler handler)
    {
        var status = await handler.HandleAsync(input, HttpContext.Connection.RemoteIpAddress?.ToString());
        switch (status)
        {
            case LoginStatus.MustChangePassword:
                return Redirect("/kabinet/sifre");
            case LoginStatus.SignedIn:
                return LocalRedirect(Url.IsLocalUrl(returnUrl) ? returnUrl : "/kabinet");
            default:
                Response.StatusCode = status == LoginStatus.LockedOut ? 429 : 401;
                // The password is never sent back into the form.
                return View(new LoginViewModel { Input = new LoginInput { Code = input.Code }, ReturnUrl = returnUrl, Outcome = status });
        }
    }

    [HttpPost("/odenis-xidmetleri/cixis")]
    public async Task<IActionResult> Logout([FromServices] SignInManager<KomisUser> signIn)
    {
        await signIn.SignOutAsync();
        return Redirect("/odenis-xidmetleri/giris");
    }
}
