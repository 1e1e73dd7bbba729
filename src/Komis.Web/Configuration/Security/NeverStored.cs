namespace Komis.Web.Configuration.Security;

/// <summary>
/// A response no browser or proxy may keep: the registration sheet, which carries an initial password.
/// </summary>
public static class NeverStored
{
    /// <summary>
    /// Written as antiforgery writes it on a page with a form ("no-cache, no-store"; "no-cache"), so on the sheet's page
    /// it finds nothing to override and logs no warning about overriding it on every sheet printed.
    /// </summary>
    public static void Mark(HttpResponse response)
    {
        response.Headers.CacheControl = "no-cache, no-store";
        response.Headers.Pragma = "no-cache";
    }
}
