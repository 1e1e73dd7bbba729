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

    /// <summary>HttpContext.Items key: the session cookie could not be checked against the database.</summary>
    public const string SessionUncheckedKey = "komis.session-unchecked";

    public static bool Is(Exception? exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            // A PostgresException is the server answering (transient ones: shutting down, starting up); any other
            // NpgsqlException is the connection itself failing (refused, reset, timed out, stream ended).
            if (e is DatabaseUnavailableException || e is PostgresException { IsTransient: true } || (e is NpgsqlException and not PostgresException))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// After authentication: a request whose session could not be checked stops here with the outage, except the
    /// error page itself (which then renders anonymously).
    /// </summary>
    public static Task StopUncheckedSessions(HttpContext context, RequestDelegate next) =>
        context.Items.ContainsKey(SessionUncheckedKey) && context.Features.Get<IExceptionHandlerFeature>() is null
            ? throw new DatabaseUnavailableException()
            : next(context);

    public static void Mark(HttpResponse response)
    {
        response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        response.Headers.RetryAfter = RetryAfterSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
    }
}

/// <summary>
/// For the biller API: a 503 problem document instead of a 500 while the database is away.
/// </summary>
internal sealed class ApiDatabaseUnavailableHandler(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        if (!DatabaseUnavailable.Is(exception))
        {
            return false;
        }

        if (!context.Request.Path.StartsWithSegments("/api"))
        {
            return false; // people get the localized page, re-executed at /xeta/500, which answers 503
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

/// <summary>The database could not be reached while checking the session.</summary>
public sealed class DatabaseUnavailableException() : Exception("The database is unavailable.");
