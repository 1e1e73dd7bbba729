using Microsoft.AspNetCore.Diagnostics;

namespace Komis.Web.Configuration.Security;

/// <summary>
/// Refuses requests whose query string or form fields contain a NUL character, or whose form cannot be read at all:
/// no legitimate input has one, and PostgreSQL cannot store it in text (it would otherwise fail deep inside a query).
/// Answers 400, which the error pages turn into a friendly page.
/// </summary>
internal sealed class RejectNulCharactersMiddleware(RequestDelegate next)
{
    public async Task InvokeAsync(HttpContext context)
    {
        // The friendly error page re-runs the pipeline for the same request: it is not checked twice.
        if (context.Features.Get<IStatusCodeReExecuteFeature>() is not null || context.Features.Get<IExceptionHandlerFeature>() is not null)
        {
            await next(context);
            return;
        }

        var request = context.Request;
        var raw = request.QueryString.Value ?? "";
        var bad = raw.Contains("%00", StringComparison.Ordinal) || raw.Contains('\0') || request.Path.Value?.Contains('\0') == true;
        if (!bad && request.HasFormContentType)
        {
            try
            {
                var form = await request.ReadFormAsync(context.RequestAborted);
                bad = form.Any(f => f.Key.Contains('\0') || f.Value.Any(v => v?.Contains('\0') == true));
            }
            catch (Exception ex) when (ex is InvalidDataException or BadHttpRequestException or InvalidOperationException)
            {
                bad = true; // a form ASP.NET Core itself refuses to read (NUL characters, over the limits)
            }
        }

        if (bad)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }

        await next(context);
    }
}
