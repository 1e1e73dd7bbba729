using Microsoft.AspNetCore.Diagnostics;
using Npgsql;

namespace Komis.Web.Configuration;

/// <summary>
/// The database cannot be reached (restarting, failing over, network down). Callers get 503 with Retry-After and a
/// plain message, not the 500 of a bug; every request opens its connections afresh, so the app recovers by itself
/// as soon as PostgreSQL answers again. Nothing is half-written: each change commits in one transaction or not at all.
/// </summary>
public static class DatabaseUnavailable
{
    public const int RetryAfterSeconds = 5;

    public static bool Is(Exception? exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            if (e is NpgsqlException { IsTransient: true })
            {
                return true;
            }
        }

        return false;
    }

    public static void Mark(HttpResponse response)
    {
        response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }
}

/// <summary>For the biller API: a 503 problem document instead of a 500 while the database is away.</summary>
internal sealed class ApiDatabaseUnavailableHandler(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        if (!context.Request.Path.StartsWithSegments("/api") || !DatabaseUnavailable.Is(exception))
        {
            return false;
        }

        DatabaseUnavailable.Mark(context.Response);
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            Exception = exception,
            ProblemDetails =
            {
                Status = StatusCodes.Status503ServiceUnavailable,
                Title = "Service temporarily unavailable",
                Detail = $"Komis cannot reach its database for a moment. Retry after {DatabaseUnavailable.RetryAfterSeconds} seconds; nothing was changed.",
            },
        });
    }
}
