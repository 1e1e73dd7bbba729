using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Komis.Domain.Billers;
using Komis.Web.Api.Contracts;
using Microsoft.Extensions.Options;

namespace Komis.Web.Integrations.Billers;

/// <summary>Settings of "Komis:OnlineBillers": time budgets and each online biller's secret.</summary>
public sealed class OnlineBillerOptions
{
    public const string Section = "Komis:OnlineBillers";

    /// <summary>One HTTP attempt.</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromMilliseconds(800);

    /// <summary>All attempts together; past it the stored data is shown.</summary>
    public TimeSpan TotalTimeout { get; set; } = TimeSpan.FromSeconds(2);

    public int Retries { get; set; } = 1;

    /// <summary>Bearer secret per biller code, sent to that biller's endpoint. Kept in configuration, never in the database.</summary>
    public Dictionary<string, string> Secrets { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Used for a biller without its own secret; set only when the sandbox runs.</summary>
    public string? DefaultSecret { get; set; }
}

/// <summary>The biller did not answer in time, answered with an error, or its circuit is open.</summary>
public sealed class OnlineBillerUnavailableException(string billerCode, Exception? inner = null)
    : Exception($"Online biller {billerCode} is unavailable.", inner);

/// <summary>
/// Asks an online biller for an account's current debt: `GET {endpoint}/accounts/{accountNumber}` with the
/// biller's bearer secret, answered in the shape of <see cref="AccountResponse"/>. Timeouts, retries and a
/// circuit breaker per biller come from the resilience pipeline registered with this client.
/// </summary>
public sealed class OnlineBillerClient(HttpClient http, IOptions<OnlineBillerOptions> options)
{
    public static readonly HttpRequestOptionsKey<string> BillerKey = new("komis.biller");

    /// <summary>The account, or null when the biller says it does not exist.</summary>
    public async Task<AccountResponse?> GetAccountAsync(Biller biller, string accountNumber, CancellationToken cancellationToken)
    {
        if (biller.OnlineEndpoint is null)
        {
            throw new OnlineBillerUnavailableException(biller.Code);
        }

        var uri = new Uri(new Uri(biller.OnlineEndpoint.TrimEnd('/') + "/"), "accounts/" + Uri.EscapeDataString(accountNumber));
        using var request = new HttpRequestMessage(HttpMethod.Get, uri);
        request.Options.Set(BillerKey, biller.Code);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        var secret = options.Value.Secrets.GetValueOrDefault(biller.Code) ?? options.Value.DefaultSecret;
        if (secret is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", secret);
        }

        try
        {
            using var response = await http.SendAsync(request, cancellationToken);
            if (response.StatusCode == HttpStatusCode.NotFound)
            {
                return null;
            }

            if (!response.IsSuccessStatusCode)
            {
                throw new OnlineBillerUnavailableException(biller.Code);
            }

            return await response.Content.ReadFromJsonAsync<AccountResponse>(cancellationToken)
                ?? throw new OnlineBillerUnavailableException(biller.Code);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or TimeoutException or System.Text.Json.JsonException
                                       or Polly.CircuitBreaker.BrokenCircuitException or Polly.Timeout.TimeoutRejectedException
                                   && !cancellationToken.IsCancellationRequested)
        {
            throw new OnlineBillerUnavailableException(biller.Code, ex);
        }
    }
}
