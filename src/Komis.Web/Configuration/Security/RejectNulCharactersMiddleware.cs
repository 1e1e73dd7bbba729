using Microsoft.AspNetCore.Diagnostics;

namespace Komis.Web.Configuration.Security;

/// <summary>
/// Refuses requests whose query string or form fields contain a NUL character, or whose form cannot be read at all:
/// no legitimate input has one, and PostgreSQL cannot store it in text (it would otherwise fail deep inside a query).
/// Answers 400, which the error pages turn into a friendly page.
/// </summary>
internal sealed class RejectNulCharactersMiddleware(RequestDelegate next)
{
    // Synchronous unless there is a form to read: a page's request passes straight on, with no state machine of its own
    // suspended and resumed around the rest of the pipeline.
    public Task InvokeAsync(HttpContext context)
    {
        // The friendly error page re-runs the pipeline for the same request: it is not checked twice.
        if (context.Features.Get<IStatusCodeReExecuteFeature>() is not null || context.Features.Get<IExceptionHandlerFeature>() is not null)
        {
            return next(context);
        }

        var request = context.Request;
        var raw = request.QueryString.Value ?? "";
        if (raw.Contains("%00", StringComparison.Ordinal) || raw.Contains('\0') || request.Path.Value?.Contains('\0') == true)
        {
            Refuse(context.Response);
            return Task.CompletedTask;
        }

        return request.HasFormContentType ? CheckFormAsync(context) : next(context);
    }

    private async Task CheckFormAsync(HttpContext context)
    {
        bool bad;
        try
        {
            var form = await context.Request.ReadFormAsync(context.RequestAborted);
            bad = form.Any(f => f.Key.Contains('\0') || f.Value.Any(v => v?.Contains('\0') == true));
        }
        catch (Exception ex) when (ex is InvalidDataException or BadHttpRequestException or InvalidOperationException)
        {
            bad = true; // a form ASP.NET Core itself refuses to read (NUL characters, over the limits)
        }

        if (bad)
        {
            Refuse(context.Response);
            return;
        }

        await next(context);
    }

    private static void Refuse(HttpResponse response) => response.StatusCode = StatusCodes.Status400BadRequest;
}
