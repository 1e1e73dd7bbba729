using System.Security.Claims;
using System.Text.Encodings.Web;
using Komis.Web.Features.Billers;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace Komis.Web.Api.Infrastructure;

/// <summary>`Authorization: Bearer kms_...` on the biller API; the principal carries the biller it belongs to.</summary>
public sealed class BillerApiAuthentication(
    IOptionsMonitor<AuthenticationSchemeOptions> options,
    ILoggerFactory logger,
    UrlEncoder encoder,
    BillerApiKeys keys)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "BillerApiKey";
    public const string Policy = "BillerApi";
    public const string BillerIdClaim = "komis:biller_id";
    public const string BillerCodeClaim = "komis:biller_code";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        string? header = Request.Headers.Authorization;
        if (string.IsNullOrEmpty(header))
        {
            return AuthenticateResult.NoResult();
        }

        if (!header.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
        {
            return AuthenticateResult.Fail("unsupported authorization scheme");
        }

        var biller = await keys.AuthenticateAsync(header["Bearer ".Length..].Trim(), Context.RequestAborted);
        if (biller is null)
        {
            // The key itself is never logged; the prefix-less message is enough to see failures in the logs.
            Logger.LogWarning("Biller API key refused from {RemoteIp}", Context.Connection.RemoteIpAddress);
            return AuthenticateResult.Fail("invalid key");
        }

        var identity = new ClaimsIdentity(
            [
                new Claim(BillerIdClaim, biller.BillerId.ToString(System.Globalization.CultureInfo.InvariantCulture)),
                new Claim(BillerCodeClaim, biller.BillerCode),
                new Claim(ClaimTypes.Name, biller.BillerCode),
            ],
            SchemeName);
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Bearer";
        await Response.WriteAsJsonAsync(
            new ProblemDetails
            {
                Status = 401,
                Title = "Authentication required",
                Detail = "Send the biller's API key as 'Authorization: Bearer <key>'.",
                Type = "https://tools.ietf.org/html/rfc9110#section-15.5.2",
            },
            options: null,
            contentType: "application/problem+json");
    }
}
