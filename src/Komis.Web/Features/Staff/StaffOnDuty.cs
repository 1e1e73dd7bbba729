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
    /// Takes an agent or a branch out of service or back into it, audited, in one transaction. Out of service, the
    /// sessions of <paramref name="itsStaff"/> end with it: this is the one place where that rule is applied.
    /// </summary>
    public static async Task SwitchAsync(
        KomisDbContext db, AuditLog audit, AuditActor actor, IServiceState point, bool inService, IQueryable<StaffMember> itsStaff,
        string action, string details, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        if (inService)
        {
            point.Enable();
        }
        else
        {
            point.Disable();
            await EndSessionsAsync(db, itsStaff, cancellationToken);
        }

        audit.Add(actor, action, details);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>
    /// Ends the sessions of <paramref name="members"/> (new security stamps: each session is signed out at its next
    /// check, and stays ended when the branch or agent is back in service). Returns how many logins it touched.
    /// </summary>
    private static Task<int> EndSessionsAsync(KomisDbContext db, IQueryable<StaffMember> members, CancellationToken cancellationToken) =>
        db.Users.Where(u => members.Any(s => s.UserId == u.Id)).ExecuteUpdateAsync(set => set
            .SetProperty(u => u.SecurityStamp, u => Guid.NewGuid().ToString())
            .SetProperty(u => u.ConcurrencyStamp, u => Guid.NewGuid().ToString()), cancellationToken);
}
