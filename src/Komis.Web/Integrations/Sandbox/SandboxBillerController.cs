using System.Security.Cryptography;
using System.Text;
using Komis.Domain.Billers;
using Komis.Web.Data;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Komis.Web.Integrations.Sandbox;

/// <summary>
/// A sandbox online biller: `GET /sandbox/billers/{code}/accounts/{accountNumber}` in the online-biller protocol.
/// It checks the bearer secret and the account format, and can be told to fail or to be slow.
/// </summary>
[ApiController]
[AllowAnonymous]
[IgnoreAntiforgeryToken]
[ApiExplorerSettings(IgnoreApi = true)]
[Route("sandbox/billers/{code}")]
public sealed class SandboxBillerController(SandboxBiller sandbox, IOptions<SandboxOptions> options, KomisDbContext db) : ControllerBase
{
    [HttpGet("accounts/{accountNumber}")]
    public async Task<IActionResult> GetAccount(string code, string accountNumber, CancellationToken cancellationToken)
    {
        if (!options.Value.Enabled)
        {
            return NotFound();
        }

        if (!HasSecret())
        {
            return Unauthorized();
        }

        var biller = await db.Billers.AsNoTracking().SingleOrDefaultAsync(b => b.Code == code, cancellationToken);
        var normalized = AccountNumberFormat.Normalize(accountNumber);
        if (biller is null || !biller.AccountFormat.IsValid(normalized))
        {
            return BadRequest(new ProblemDetails { Status = 400, Title = "Unknown biller or account number format" });
        }

        sandbox.CountQuery(code);
        switch (sandbox.BehaviourOf(code))
        {
            case SandboxBillerBehaviour.Fail:
                return StatusCode(StatusCodes.Status503ServiceUnavailable);
            case SandboxBillerBehaviour.Delay:
                await Task.Delay(sandbox.Delay, cancellationToken);
                break;
        }

        var account = sandbox.Find(code, normalized);
        return account is null ? NotFound() : Ok(account with { AsOf = DateTimeOffset.UtcNow });
    }

    /// <summary>For demos by hand: `POST /sandbox/billers/{code}/behaviour?mode=Fail` with the sandbox secret.</summary>
    [HttpPost("behaviour")]
    public IActionResult SetBehaviour(string code, [FromQuery] SandboxBillerBehaviour mode, [FromQuery] int? delayMs)
    {
        if (!options.Value.Enabled)
        {
            return NotFound();
        }

        if (!HasSecret())
        {
            return Unauthorized();
        }

        sandbox.SetBehaviour(code, mode, delayMs is > 0 and <= 60_000 ? TimeSpan.FromMilliseconds(delayMs.Value) : null);
        return NoContent();
    }

    private bool HasSecret()
    {
        var header = Request.Headers.Authorization.ToString();
        var expected = "Bearer " + sandbox.Secret;
        return CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(header), Encoding.UTF8.GetBytes(expected));
    }
}
