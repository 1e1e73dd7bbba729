using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Microsoft.Extensions.Options;

namespace Komis.Web.Configuration.Security;

/// <summary>
/// The one-time notices ("flash", TempData) in their protected cookie, through the framework's own
/// <see cref="CookieTempDataProvider"/>, except that a response with no notice to keep says nothing about the cookie
/// unless the request carried one. The framework's provider deletes it on every page that read TempData (the layout
/// of every page does), so each page went out with a needless <c>Set-Cookie: …-komis-flash=; expires=1970</c>.
/// </summary>
internal sealed class FlashCookieTempDataProvider(CookieTempDataProvider cookies, IOptions<CookieTempDataProviderOptions> options) : ITempDataProvider
{
    public IDictionary<string, object> LoadTempData(HttpContext context) => cookies.LoadTempData(context);

    public void SaveTempData(HttpContext context, IDictionary<string, object> values)
    {
        if (HttpMethods.IsHead(context.Request.Method))
        {
            return;
        }

        // A chunked cookie keeps its first part under the plain name, so this sees that case too.
        if (values.Count == 0 && !context.Request.Cookies.ContainsKey(options.Value.Cookie.Name!))
        {
            return;
        }

        cookies.SaveTempData(context, values);
    }
}
