using System.Net;
using System.Text.RegularExpressions;

namespace Komis.IntegrationTests.Infrastructure;

/// <summary>Posts MVC forms the way a browser does: antiforgery token from the page, cookie from the jar.</summary>
public sealed partial class FormClient(HttpClient http) : IDisposable
{
    public HttpClient Http { get; } = http;

    public Task<HttpResponseMessage> GetAsync(string url) => Http.GetAsync(url);

    public async Task<string> GetPageAsync(string url)
    {
        var response = await Http.GetAsync(url);
        var body = await response.Content.ReadAsStringAsync();
        if (response.StatusCode != HttpStatusCode.OK)
        {
            throw new InvalidOperationException($"GET {url} answered {(int)response.StatusCode}");
        }

        return body;
    }

    /// <summary>Loads <paramref name="pageUrl"/>, takes its antiforgery token and posts <paramref name="fields"/> to <paramref name="actionUrl"/>.</summary>
    public async Task<HttpResponseMessage> PostFormAsync(string pageUrl, string actionUrl, IEnumerable<KeyValuePair<string, string>> fields)
    {
        var page = await GetPageAsync(pageUrl);
        var token = AntiforgeryToken(page);
        var all = fields.Append(new KeyValuePair<string, string>("__RequestVerificationToken", token));
        return await Http.PostAsync(actionUrl, new FormUrlEncodedContent(all));
    }

    public static string AntiforgeryToken(string html)
    {
        var match = TokenPattern().Match(html);
        if (!match.Success)
        {
            throw new InvalidOperationException("The page has no antiforgery token.");
        }

        return WebUtility.HtmlDecode(match.Groups[1].Value);
    }

    public void Dispose() => Http.Dispose();

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();
}

public static class ResponseExtensions
{
    /// <summary>The redirect target as path and query, whether the app wrote it relative or absolute.</summary>
    public static string? LocationPath(this HttpResponseMessage response) =>
        response.Headers.Location is not { } location ? null
        : location.IsAbsoluteUri ? location.PathAndQuery
        : location.OriginalString;

    /// <summary>The response's <c>Set-Cookie</c> headers, none when it sets no cookie.</summary>
    public static IEnumerable<string> SetCookies(this HttpResponseMessage response) =>
        response.Headers.TryGetValues("Set-Cookie", out var values) ? values : [];
}
