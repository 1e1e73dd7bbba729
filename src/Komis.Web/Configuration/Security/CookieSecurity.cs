using Microsoft.AspNetCore.Http;

namespace Komis.Web.Configuration.Security;

/// <summary>Settings of the "Komis:Security" section.</summary>
public sealed class SecurityOptions
{
    public const string Section = "Komis:Security";

    /// <summary>
    /// Cookies are Secure and carry the __Host- prefix. On by default; only the local plain-HTTP
    /// development profile (./run.sh on http://localhost:5080) turns it off.
    /// </summary>
    public bool SecureCookies { get; set; } = true;
}

internal static class CookieSecurity
{
    public static void Apply(CookieBuilder cookie, string name, bool secure, SameSiteMode sameSite)
    {
        cookie.Name = secure ? "__Host-" + name : name;
        cookie.SecurePolicy = secure ? CookieSecurePolicy.Always : CookieSecurePolicy.SameAsRequest;
        cookie.HttpOnly = true;
        cookie.SameSite = sameSite;
        cookie.Path = "/";
        cookie.Domain = null;
    }
}
