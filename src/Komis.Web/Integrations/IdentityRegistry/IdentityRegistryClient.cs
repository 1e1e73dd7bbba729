using System.Net.Http.Headers;
using System.Net.Http.Json;
using Komis.Domain.Subscribers;
using Microsoft.Extensions.Options;

namespace Komis.Web.Integrations.IdentityRegistry;

/// <summary>"Komis:IdentityRegistry": where the national identity registry answers, and Komis's secret for it.</summary>
public sealed class IdentityRegistryOptions
{
    public const string Section = "Komis:IdentityRegistry";

    /// <summary>Base URL; `POST {BaseUrl}/verify`. Empty with the sandbox on: the sandbox of this app.</summary>
    public string? BaseUrl { get; set; }

    public string? Secret { get; set; }

    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(5);
}

public enum IdentityCheckStatus
{
    Valid,

    /// <summary>Unknown card, expired card, or a FIN that is not the card's: the citizen is told only that it did not match.</summary>
    Refused,

    /// <summary>The registry did not answer.</summary>
    Unavailable,
}

public sealed record IdentityCheck(IdentityCheckStatus Status, string? FullName)
{
    public static readonly IdentityCheck Refused = new(IdentityCheckStatus.Refused, null);
    public static readonly IdentityCheck Unavailable = new(IdentityCheckStatus.Unavailable, null);
}

/// <summary>The registry's protocol: request and answer of `POST /verify`.</summary>
public sealed record IdentityVerifyRequest(string Series, string Number, string Fin);

/// <summary>status: valid, not_found, expired or fin_mismatch; the person's full name when valid.</summary>
public sealed record IdentityVerifyResponse(string Status, string? FullName, DateOnly? Expiry);

/// <summary>Checks an ID card and FIN against the national identity registry over HTTP.</summary>
public sealed class IdentityRegistryClient(HttpClient http, IOptions<IdentityRegistryOptions> options, ILogger<IdentityRegistryClient> logger)
{
    public async Task<IdentityCheck> VerifyAsync(IdCard card, string fin, CancellationToken cancellationToken)
    {
        var o = options.Value;
        using var request = new HttpRequestMessage(HttpMethod.Post, o.BaseUrl!.TrimEnd('/') + "/verify")
        {
            Content = JsonContent.Create(new IdentityVerifyRequest(card.SeriesCode, card.Number, fin)),
        };
        if (o.Secret is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", o.Secret);
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(o.Timeout);
        try
        {
            using var response = await http.SendAsync(request, timeout.Token);
            if (!response.IsSuccessStatusCode)
            {
                logger.LogWarning("Identity registry answered {Status}", (int)response.StatusCode);
                return IdentityCheck.Unavailable;
            }

            var answer = await response.Content.ReadFromJsonAsync<IdentityVerifyResponse>(timeout.Token);
            return answer is { Status: "valid", FullName.Length: > 0 }
                ? new IdentityCheck(IdentityCheckStatus.Valid, answer.FullName)
                : IdentityCheck.Refused;
        }
        catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException or System.Text.Json.JsonException && !cancellationToken.IsCancellationRequested)
        {
            logger.LogWarning("Identity registry unavailable: {Reason}", ex.GetType().Name);
            return IdentityCheck.Unavailable;
        }
    }
}
