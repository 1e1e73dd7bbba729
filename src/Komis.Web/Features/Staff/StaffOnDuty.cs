using Komis.Domain.Staff;
using Komis.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Komis.Web.Features.Staff;

/// <summary>
/// Who may work in the staff area: an active member whose agent and branch, where the role has them, are in service.
/// A branch or an agent taken out of service ends the sessions of its staff at their next check (a session re-checks
/// its login every 30 seconds) and refuses their sign-ins until it is back: a closed branch's tellers no longer
/// register citizens, look up accounts or print receipts, not only no longer take cash (which the payment itself also
/// refuses, in its transaction, for a session not yet re-checked). Operators and billers' viewers belong to no agent
/// and are never affected.
/// </summary>
public static class StaffOnDuty
{
    public static IQueryable<StaffMember> Members(KomisDbContext db) => db.StaffMembers.Where(s => s.IsActive
        && (s.AgentId == null || db.Agents.Any(a => a.Id == s.AgentId && a.IsActive))
        && (s.BranchId == null || db.Branches.Any(b => b.Id == s.BranchId && b.IsActive)));

    /// <summary>
    /// Ends the sessions of <paramref name="members"/> (new security stamps: each session is signed out at its next
    /// check, and stays ended when the branch or agent is back in service). Returns how many logins it touched.
    /// </summary>
    public static Task<int> EndSessionsAsync(KomisDbContext db, IQueryable<StaffMember> members, CancellationToken cancellationToken) =>
        db.Users.Where(u => members.Any(s => s.UserId == u.Id)).ExecuteUpdateAsync(set => set
            .SetProperty(u => u.SecurityStamp, u => Guid.NewGuid().ToString())
            .SetProperty(u => u.ConcurrencyStamp, u => Guid.NewGuid().ToString()), cancellationToken);
}
