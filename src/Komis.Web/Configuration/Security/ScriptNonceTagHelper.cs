using Microsoft.AspNetCore.Mvc.Rendering;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Microsoft.AspNetCore.Razor.TagHelpers;

namespace Komis.Web.Configuration.Security;

/// <summary>Gives every script element the response's CSP nonce, so no view has to remember to.</summary>
[HtmlTargetElement("script")]
public sealed class ScriptNonceTagHelper : TagHelper
{
    // Runs after the framework's script tag helper (asp-append-version), which has order -1000.
    public override int Order => 1000;

    [HtmlAttributeNotBound]
    [ViewContext]
    public ViewContext ViewContext { get; set; } = null!;

    public override void Process(TagHelperContext context, TagHelperOutput output) =>
        output.Attributes.SetAttribute("nonce", SecurityHeadersMiddleware.NonceFor(ViewContext.HttpContext));
}
