using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Komis.Web.Data.Demo;
using Komis.Web.Integrations.IdentityRegistry;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace Komis.Web.Integrations.Sandbox;

/// <summary>The people the sandbox identity registry knows (the demo population), and whether it is up.</summary>
public sealed class SandboxIdentityRegistry
{
    private readonly ConcurrentDictionary<string, DemoPerson> _cards = new();

    public string Secret { get; } = Convert.ToHexString(RandomNumberGenerator.GetBytes(24));

    public bool Failing { get; set; }

    public void Add(DemoPerson person) => _cards[person.CardSeries + person.CardNumber] = person;

    public DemoPerson? Find(string series, string number) => _cards.GetValueOrDefault(series + number);
}

/// <summary>`POST /sandbox/identity/verify`: the sandbox national identity registry, in the registry's protocol.</summary>
[ApiController]
[AllowAnonymous]
[IgnoreAntiforgeryToken]
[ApiExplorerSettings(IgnoreApi = true)]
[Route("sandbox/identity")]
public sealed class SandboxIdentityRegistryController(SandboxIdentityRegistry registry, IOptions<SandboxOptions> options, TimeProvider clock) : ControllerBase
{
    [HttpPost("verify")]
    public IActionResult Verify([FromBody] IdentityVerifyRequest request)
    {
        if (!options.Value.Enabled)
        {
            return NotFound();
        }

        var expected = Encoding.UTF8.GetBytes("Bearer " + registry.Secret);
        if (!CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(Request.Headers.Authorization.ToString()), expected))
        {
            return Unauthorized();
        }

        if (registry.Failing)
        {
            return StatusCode(StatusCodes.Status503ServiceUnavailable);
        }

        var person = registry.Find(request.Series, request.Number);
        var today = DateOnly.FromDateTime(clock.GetUtcNow().UtcDateTime);
        return Ok(person switch
        {
            null => new IdentityVerifyResponse("not_found", null, null),
            _ when person.Fin != request.Fin => new IdentityVerifyResponse("fin_mismatch", null, null),
            _ when person.CardExpiry < today => new IdentityVerifyResponse("expired", null, person.CardExpiry),
            _ => new IdentityVerifyResponse("valid", person.FullName, person.CardExpiry),
        });
    }
}
