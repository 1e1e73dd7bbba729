using System.Security.Cryptography;
using Komis.Domain.Payments;
using Komis.Domain.Staff;
using Komis.Web.Data;
using Komis.Web.Documents;
using Komis.Web.Features.Staff;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Komis.Web.Areas.Staff.Controllers;

/// <summary>A bank's or Azərpoçt's head office: its branches and staff, and payment reports. Only its own agent.</summary>
[Authorize(Policy = StaffClaims.AgentAdminPolicy)]
[Route("staff/agent")]
public sealed class AgentAdminController(KomisDbContext db, UserManager<KomisUser> users, AuditLog audit, TimeProvider clock, IStringLocalizer<SharedResource> localizer) : StaffController
{
    private Guid AgentId => StaffClaims.AgentOf(User)!.Value;

    [HttpGet("")]
    public async Task<IActionResult> Index(CancellationToken cancellationToken)
    {
        var agentId = AgentId;
        var branches = await db.Branches.AsNoTracking().Where(b => b.AgentId == agentId).OrderBy(b => b.Code).ToListAsync(cancellationToken);
        var staff = await db.StaffMembers.AsNoTracking().Where(s => s.AgentId == agentId)
            .Join(db.Users, s => s.UserId, u => u.Id, (s, u) => new { s, u })
            .OrderBy(x => x.u.UserName)
            .Select(x => new AgentStaffRow(x.s.UserId, x.u.UserName!, x.s.FullName, x.s.Role, x.s.BranchId, x.s.IsActive, x.u.TotpConfirmedAt != null))
            .ToListAsync(cancellationToken);
        return View("Index", new AgentAdminViewModel(branches, staff));
    }

    [HttpPost("filiallar")]
    public async Task<IActionResult> CreateBranch([FromForm] string? code, [FromForm] string? name, [FromForm] string? address, [FromForm] string? city, CancellationToken cancellationToken)
    {
        var normalized = (code ?? "").Trim().ToUpperInvariant();
        if (normalized.Length is < 2 or > 20 || string.IsNullOrWhiteSpace(name) || name.Length > 200 || (address?.Length ?? 0) > 300 || (city?.Length ?? 0) > 100
            || await db.Branches.AnyAsync(b => b.Code == normalized, cancellationToken))
        {
            TempData["Error"] = localizer["Agent.Error.Branch"].Value;
            return Redirect("/staff/agent");
        }

        db.Branches.Add(new Branch(AgentId, normalized, name, address ?? "", city ?? ""));
        audit.Add(Actor, "branch.created", $"branch {normalized}");
        await db.SaveChangesAsync(cancellationToken);
        return Redirect("/staff/agent");
    }

    /// <summary>
    /// Takes one of the agent's branches out of service (its tellers and supervisors are signed out and cannot sign in;
    /// a payment already in its transaction completes) or back into it.
    /// </summary>
    [HttpPost("filiallar/{branchId:guid}/{change:regex(^(deaktiv|aktiv)$)}")]
    public async Task<IActionResult> ChangeBranch(Guid branchId, string change, CancellationToken cancellationToken)
    {
        var agentId = AgentId;
        var branch = await db.Branches.SingleOrDefaultAsync(b => b.Id == branchId && b.AgentId == agentId, cancellationToken);
        if (branch is null)
        {
            return NotFound(); // another agent's branch is simply not there
        }

        // Out of service, its tellers and supervisors are signed out: no desk work at the branch.
        await StaffOnDuty.SwitchAsync(db, audit, Actor, branch, inService: change == "aktiv", db.StaffMembers.Where(s => s.BranchId == branchId),
            "branch." + change, $"branch {branch.Code}", cancellationToken);
        return Redirect("/staff/agent");
    }

    [HttpPost("emekdaslar")]
    public async Task<IActionResult> CreateStaff([FromForm] string? userName, [FromForm] string? fullName, [FromForm] StaffRole role, [FromForm] Guid branchId, CancellationToken cancellationToken)
    {
        var agentId = AgentId;
        var name = (userName ?? "").Trim().ToLowerInvariant();
        var branchOk = await db.Branches.AnyAsync(b => b.Id == branchId && b.AgentId == agentId, cancellationToken);
        if (!branchOk || role is not (StaffRole.Teller or StaffRole.Supervisor) || !StaffLogins.IsValidUserName(name)
            || string.IsNullOrWhiteSpace(fullName) || fullName.Length > 200 || await users.FindByNameAsync(name) is not null)
        {
            TempData["Error"] = localizer["Agent.Error.Staff"].Value;
            return Redirect("/staff/agent");
        }

        var password = RandomNumberGenerator.GetString(Domain.Subscribers.InitialPassword.Alphabet, 14);
        audit.Add(Actor, "staff.created", $"{name} as {role}");
        await StaffLogins.CreateAsync(users, db, name, password, fullName, role, agentId, branchId, null, clock.GetUtcNow(), mustChangePassword: true);
        // Shown in this answer only: the password never travels in a redirect or a cookie.
        ViewData["Notice"] = localizer["Agent.StaffCreated", name, password].Value;
        return await Index(cancellationToken);
    }

    [HttpPost("emekdaslar/{userId:guid}/{change:regex(^(deaktiv|aktiv|2fa-sifirla)$)}")]
    public async Task<IActionResult> ChangeStaff(Guid userId, string change, CancellationToken cancellationToken)
    {
        var agentId = AgentId;
        var member = await db.StaffMembers.SingleOrDefaultAsync(s => s.UserId == userId && s.AgentId == agentId, cancellationToken);
        var user = member is null ? null : await users.FindByIdAsync(userId.ToString());
        if (member is null || user is null || userId == Actor.UserId)
        {
            return NotFound(); // another agent's staff (or oneself) is simply not there
        }

        switch (change)
        {
            case "deaktiv":
                member.Disable();
                break;
            case "aktiv":
                member.Enable();
                break;
            default:
                await users.ResetAuthenticatorKeyAsync(user);
                user.TotpConfirmedAt = null;
                user.TotpLastStep = null;
                await users.UpdateAsync(user);
                break;
        }

        audit.Add(Actor, "staff." + change, user.UserName!);
        await db.SaveChangesAsync(cancellationToken);
        await users.UpdateSecurityStampAsync(user); // the member's sessions end now
        return Redirect("/staff/agent");
    }

    /// <summary>The agent's payments in a period (Baku dates), on screen, as CSV or as Excel.</summary>
    [HttpGet("hesabat")]
    [HttpGet("hesabat.{format:regex(^(csv|xlsx)$)}")]
    public async Task<IActionResult> Report([FromQuery] DateOnly? from, [FromQuery] DateOnly? to, string? format, CancellationToken cancellationToken)
    {
        var today = ViewModels.Display.Today(clock);
        var (start, _) = BranchDayService.Range(from ?? today.AddDays(-30));
        var (_, end) = BranchDayService.Range(to ?? today);
        var agentId = AgentId;
        var rows = await (
                from p in db.Payments.AsNoTracking()
                join o in db.PaymentOrders on p.OrderId equals o.Id
                join br in db.Branches on o.BranchId equals br.Id
                join b in db.Billers on p.BillerId equals b.Id
                where br.AgentId == agentId && p.PaidAt >= start && p.PaidAt < end && (p.Status == PaymentStatus.Paid || p.Status == PaymentStatus.Reversed)
                      && o.CreatedAt >= start.AddDays(-1) && o.CreatedAt < end // through the (branch, created) index; see BranchDayService
                orderby p.PaidAt
                select new AgentReportRow(p.PaidAt!.Value, br.Code, p.ReceiptNumber!, b.Code, p.AccountNumber, p.Amount, p.Fee, p.Status.ToString()))
            .Take(100_000).ToListAsync(cancellationToken);
        string[] headers = ["paid_at", "branch", "receipt", "biller", "account", "amount", "fee", "status"];
        var data = rows.Select(r => (IReadOnlyList<object?>)[r.PaidAt, r.Branch, r.Receipt, r.Biller, r.Account, r.Amount, r.Fee, r.Status]);
        return format switch
        {
            "csv" => File(Spreadsheet.Csv(headers, data), "text/csv; charset=utf-8", "komis-odenisler.csv"),
            "xlsx" => File(Spreadsheet.Xlsx("Ödənişlər", headers, data), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "komis-odenisler.xlsx"),
            _ => View(new AgentReportViewModel(from ?? today.AddDays(-30), to ?? today, rows)),
        };
    }
}

public sealed record AgentStaffRow(Guid UserId, string UserName, string FullName, StaffRole Role, Guid? BranchId, bool IsActive, bool HasTotp);

public sealed record AgentAdminViewModel(IReadOnlyList<Branch> Branches, IReadOnlyList<AgentStaffRow> Staff);

public sealed record AgentReportRow(DateTimeOffset PaidAt, string Branch, string Receipt, string Biller, string Account, decimal Amount, decimal Fee, string Status);

public sealed record AgentReportViewModel(DateOnly From, DateOnly To, IReadOnlyList<AgentReportRow> Rows);
