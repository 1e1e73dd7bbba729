using Komis.Web.Configuration;
using Komis.Web.Configuration.Security;
using Microsoft.Extensions.Options;
using Microsoft.AspNetCore.Localization;
using Microsoft.AspNetCore.Mvc;

namespace Komis.Web.Controllers;

public sealed class LanguageController(IOptions<SecurityOptions> security) : Controller
{
    /// <summary>Stores the chosen language in the culture cookie and returns to the page the visitor was on.</summary>
    [HttpPost("/dil")]
    public IActionResult Set([FromForm] string culture, [FromForm] string? returnUrl)
    {
        if (!LocalizationConfig.Cultures.Contains(culture))
        {
            return BadRequest();
        }

        Response.Cookies.Append(
            CookieRequestCultureProvider.DefaultCookieName,
            CookieRequestCultureProvider.MakeCookieValue(new RequestCulture(culture)),
            new CookieOptions { Expires = DateTimeOffset.UtcNow.AddYears(1), IsEssential = true, HttpOnly = true, Secure = security.Value.SecureCookies, SameSite = SameSiteMode.Lax });

        return LocalRedirect(Url.IsLocalUrl(returnUrl) ? returnUrl : "/");
    }
}
