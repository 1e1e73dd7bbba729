using System.Security.Cryptography;

namespace Komis.Web.Configuration.Security;

/// <summary>
/// Response headers every page carries. Scripts run only when they carry this response's nonce (and those they load,
/// 'strict-dynamic'); no inline script is written anywhere. Pages cannot be framed and never leak their URL to other sites.
/// </summary>
internal sealed class SecurityHeadersMiddleware(RequestDelegate next)
{
    private const string NonceKey = "komis.csp-nonce";

    // 'self' is ignored by browsers that understand 'strict-dynamic' and is the fallback for those that do not.
    // Each policy is written as its part before the nonce and its part after (no format string parsed per response).
    private const string PolicyStart = "default-src 'self'; script-src 'self' 'nonce-";

    private const string ContentSecurityPolicyEnd =
        "' 'strict-dynamic'; style-src 'self'; img-src 'self' data:; media-src 'self'; " +
        "font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    // Scalar draws the API reference with styles it injects at run time; scripts stay nonce-only.
    private const string ApiDocsContentSecurityPolicyEnd =
        "' 'strict-dynamic'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; " +
        "font-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

    /// <summary>The nonce this response's script tags carry; one per request, 128 random bits.</summary>
    public static string NonceFor(HttpContext context)
    {
        if (context.Items[NonceKey] is not string nonce)
        {
            Span<byte> random = stackalloc byte[16];
            RandomNumberGenerator.Fill(random);
            nonce = Convert.ToHexString(random); // hex: nothing for HTML encoding to change
            context.Items[NonceKey] = nonce;
        }

        return nonce;
    }

    public Task InvokeAsync(HttpContext context)
    {
        context.Response.OnStarting(static state =>
        {
            var context = (HttpContext)state;
            var isApiDocs = context.Request.Path.Equals(Controllers.ApiDocsController.Path, StringComparison.OrdinalIgnoreCase);
            var headers = context.Response.Headers;
            headers.ContentSecurityPolicy = string.Concat(
                PolicyStart, NonceFor(context), isApiDocs ? ApiDocsContentSecurityPolicyEnd : ContentSecurityPolicyEnd);
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "no-referrer";
            headers["Permissions-Policy"] = "camera=(), microphone=(), geolocation=(), payment=()";
            headers["Cross-Origin-Opener-Policy"] = "same-origin";
            return Task.CompletedTask;
        }, context);
        return next(context);
    }
}
