using Microsoft.AspNetCore.Mvc.ActionConstraints;
using Microsoft.AspNetCore.Mvc.ApplicationModels;
using Microsoft.AspNetCore.Routing;

namespace Komis.Web.Configuration;

/// <summary>
/// Every address that answers GET answers HEAD too, as HTTP asks of a general-purpose server (RFC 9110, 9.3.2): link
/// checkers, monitors and caches ask for a page's status and headers without its body. The action runs as for GET and
/// Kestrel sends no body. MVC's <c>[HttpGet]</c> matches GET alone, so without this a HEAD got 405.
/// A HEAD must not use up a one-time notice either: <see cref="Security.FlashCookieTempDataProvider"/> keeps them.
/// </summary>
internal sealed class HeadLikeGetConvention : IActionModelConvention
{
    public void Apply(ActionModel action)
    {
        foreach (var selector in action.Selectors)
        {
            var metadata = selector.EndpointMetadata.OfType<HttpMethodMetadata>().SingleOrDefault();
            if (metadata is null || !metadata.HttpMethods.Contains(HttpMethods.Get) || metadata.HttpMethods.Contains(HttpMethods.Head))
            {
                continue;
            }

            string[] methods = [.. metadata.HttpMethods, HttpMethods.Head];
            selector.EndpointMetadata.Remove(metadata);
            selector.EndpointMetadata.Add(new HttpMethodMetadata(methods, metadata.AcceptCorsPreflight));
            for (var i = 0; i < selector.ActionConstraints.Count; i++)
            {
                if (selector.ActionConstraints[i] is HttpMethodActionConstraint)
                {
                    selector.ActionConstraints[i] = new HttpMethodActionConstraint(methods);
                }
            }
        }
    }
}
