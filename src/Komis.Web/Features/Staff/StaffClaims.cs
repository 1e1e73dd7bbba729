using System.Security.Claims;
using Komis.Domain.Staff;

namespace Komis.Web.Features.Staff;

/// <summary>The claims of a staff session and the policies built on them.</summary>
public static class StaffClaims
{
    public const string Role = "komis:staff_role";
    public const string BranchId = "komis:branch_id";
    public const string AgentId = "komis:agent_id";
    public const string BillerId = "komis:biller_id";
    public const string FullName = "komis:staff_name";

    /// <summary>Any active staff member.</summary>
    public const string StaffPolicy = "Staff";

    /// <summary>Tellers and their supervisors: cash work at one branch.</summary>
    public const string BranchPolicy = "Staff.Branch";

    public const string SupervisorPolicy = "Staff.Supervisor";
    public const string AgentAdminPolicy = "Staff.AgentAdmin";
    public const string OperatorPolicy = "Staff.Operator";
    public const string BillerViewerPolicy = "Staff.BillerViewer";

    public static StaffRole? RoleOf(ClaimsPrincipal user) =>
        Enum.TryParse<StaffRole>(user.FindFirstValue(Role), out var role) ? role : null;

    public static Guid? BranchOf(ClaimsPrincipal user) => Guid.TryParse(user.FindFirstValue(BranchId), out var id) ? id : null;

    public static Guid? AgentOf(ClaimsPrincipal user) => Guid.TryParse(user.FindFirstValue(AgentId), out var id) ? id : null;

    public static AuditActor Actor(ClaimsPrincipal user, HttpContext context) => new(
        user.Identity?.Name ?? "?",
        Guid.TryParse(user.FindFirstValue(ClaimTypes.NameIdentifier), out var id) ? id : null,
        BranchOf(user),
        context.Connection.RemoteIpAddress?.ToString());
}
