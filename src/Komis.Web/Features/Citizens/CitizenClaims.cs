using System.Globalization;
using System.Security.Claims;
using Komis.Web.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Komis.Web.Features.Citizens;

public static class CitizenClaims
{
    public const string Policy = "Citizen";
    public const string SubscriberId = "komis:subscriber_id";
    public const string SubscriberCode = "komis:subscriber_code";
    public const string FirstName = "komis:first_name";
    public const string MustChangePassword = "komis:must_change_password";

    /// <summary>When the session began; a session lasts at most <see cref="AbsoluteSessionLifetime"/> whatever its activity.</summary>
    public const string AuthTime = "komis:auth_time";

    public static readonly TimeSpan AbsoluteSessionLifetime = TimeSpan.FromHours(12);

    public static Guid? SubscriberIdOf(ClaimsPrincipal user) =>
        Guid.TryParse(user.FindFirstValue(SubscriberId), out var id) ? id : null;
}

/// <summary>Puts the subscriber, the forced-change flag and the sign-in time into the session's claims.</summary>
public sealed class KomisClaimsPrincipalFactory(
    UserManager<KomisUser> users,
    RoleManager<IdentityRole<Guid>> roles,
    IOptions<IdentityOptions> options,
    KomisDbContext db,
    TimeProvider clock)
    : UserClaimsPrincipalFactory<KomisUser, IdentityRole<Guid>>(users, roles, options)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(KomisUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        var subscriber = await db.Subscribers.AsNoTracking().Where(s => s.UserId == user.Id)
            .Select(s => new { s.Id, s.Code, s.FullName }).SingleOrDefaultAsync();
        if (subscriber is not null)
        {
            identity.AddClaim(new Claim(CitizenClaims.SubscriberId, subscriber.Id.ToString()));
            identity.AddClaim(new Claim(CitizenClaims.SubscriberCode, subscriber.Code));
            var parts = subscriber.FullName.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            identity.AddClaim(new Claim(CitizenClaims.FirstName, parts.Length > 1 ? parts[1] : subscriber.FullName));
        }

        // Only on duty: a member whose branch or agent is out of service keeps no staff claims (refreshed sessions end).
        var staff = await Staff.StaffOnDuty.Members(db).AsNoTracking().SingleOrDefaultAsync(s => s.UserId == user.Id);
        if (staff is not null)
        {
            identity.AddClaim(new Claim(Staff.StaffClaims.Role, staff.Role.ToString()));
            identity.AddClaim(new Claim(Staff.StaffClaims.FullName, staff.FullName));
            if (staff.BranchId is { } branch)
            {
                identity.AddClaim(new Claim(Staff.StaffClaims.BranchId, branch.ToString()));
            }

            if (staff.AgentId is { } agent)
            {
                identity.AddClaim(new Claim(Staff.StaffClaims.AgentId, agent.ToString()));
            }

            if (staff.BillerId is { } biller)
            {
                identity.AddClaim(new Claim(Staff.StaffClaims.BillerId, biller.ToString(CultureInfo.InvariantCulture)));
            }
        }

        if (user.MustChangePassword)
        {
            identity.AddClaim(new Claim(CitizenClaims.MustChangePassword, "true"));
        }

        identity.AddClaim(new Claim(CitizenClaims.AuthTime, clock.GetUtcNow().ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture)));
        return identity;
    }
}
