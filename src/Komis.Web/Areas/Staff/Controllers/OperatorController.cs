using System.Security.Cryptography;
using Komis.Domain.Billers;
using Komis.Domain.Payments;
using Komis.Domain.Staff;
using Komis.Web.Data;
using Komis.Web.Features.Billers;
using Komis.Web.Features.Staff;
using Komis.Web.Outbox;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Komis.Web.Areas.Staff.Controllers;

/// <summary>The central operator: billers (activation, API keys, webhooks), agents, operators, and the dashboard.</summary>
[Authorize(Policy = StaffClaims.OperatorPolicy)]
[Route("staff/operator")]
public sealed class OperatorController(KomisDbContext db, AuditLog audit, TimeProvider clock, IStringLocalizer<SharedResource> localizer) : StaffController
{
    [HttpGet("")]
    public async Task<IActionResult> Index(CancellationToken cancellationToken) => View("Index", await ModelAsync(cancellationToken));

    [HttpPost("billers/{code}/aktiv")]
    public async Task<IActionResult> Activate(string code, CancellationToken cancellationToken)
    {
        var biller = await db.Billers.SingleOrDefaultAsync(b => b.Code == code, cancellationToken);
        if (biller is null)
        {
            return NotFound();
        }

        biller.Activate();
        audit.Add(Actor, "biller.activated", biller.Code);
        await db.SaveChangesAsync(cancellationToken);
        return Redirect("/staff/operator");
    }

    [HttpPost("billers/{code}/acar")]
    public async Task<IActionResult> IssueKey(string code, [FromServices] BillerApiKeys keys, CancellationToken cancellationToken)
    {
        if (!await db.Billers.AnyAsync(b => b.Code == code, cancellationToken))
        {
            return NotFound();
        }

        var key = await keys.IssueAsync(code, cancellationToken);
        await audit.WriteAsync(Actor, "biller.key-issued", $"{code}: key {key.Substring(4, 12)}", cancellationToken);
        ViewData["Notice"] = localizer["Operator.KeyIssued", code, key].Value; // shown in this answer only
        return await Index(cancellationToken);
    }

    /// <summary>Changes a biller's account-number format: an anchored pattern, a description in three languages and an example.</summary>
    [HttpPost("billers/{code}/format")]
    public async Task<IActionResult> ChangeFormat(string code, [FromForm] string? pattern, [FromForm] string? descriptionAz, [FromForm] string? descriptionRu,
        [FromForm] string? descriptionEn, [FromForm] string? example, CancellationToken cancellationToken)
    {
        var biller = await db.Billers.SingleOrDefaultAsync(b => b.Code == code, cancellationToken);
        if (biller is null)
        {
            return NotFound();
        }

        try
        {
            biller.ChangeAccountFormat(new AccountNumberFormat((pattern ?? "").Trim(),
                new Domain.Common.LocalizedText(descriptionAz ?? "", descriptionRu ?? "", descriptionEn ?? ""), AccountNumberFormat.Normalize(example)));
        }
        catch (Domain.Common.DomainException)
        {
            Response.StatusCode = 422;
            ViewData["Error"] = localizer["Operator.Error.Format"].Value;
            return await Index(cancellationToken);
        }

        audit.Add(Actor, "biller.format", $"{code}: {pattern}");
        await db.SaveChangesAsync(cancellationToken);
        return Redirect("/staff/operator");
    }

    [HttpPost("acarlar/{prefix}/legv")]
    public async Task<IActionResult> RevokeKey(string prefix, [FromServices] BillerApiKeys keys, CancellationToken cancellationToken)
    {
        if (!await keys.RevokeAsync(prefix, cancellationToken))
        {
            return NotFound();
        }

        await audit.WriteAsync(Actor, "biller.key-revoked", prefix, cancellationToken);
        return Redirect("/staff/operator");
    }

    [HttpPost("billers/{code}/webhook")]
    public async Task<IActionResult> SetWebhook(string code, [FromForm] string? url, [FromServices] IDataProtectionProvider protection, CancellationToken cancellationToken)
    {
        var biller = await db.Billers.SingleOrDefaultAsync(b => b.Code == code, cancellationToken);
        if (biller is null)
        {
            return NotFound();
        }

        try
        {
            if (string.IsNullOrWhiteSpace(url))
            {
                biller.SetWebhook(null, null);
                ViewData["Notice"] = localizer["Operator.WebhookCleared", code].Value;
            }
            else
            {
                var (secret, protectedSecret) = OutboxDispatcher.NewSecret(protection);
                biller.SetWebhook(url.Trim(), protectedSecret);
                ViewData["Notice"] = localizer["Operator.WebhookSet", code, secret].Value;
            }
        }
        catch (Domain.Common.DomainException)
        {
            Response.StatusCode = 422;
            ViewData["Error"] = localizer["Operator.Error.Webhook"].Value;
            return await Index(cancellationToken);
        }

        audit.Add(Actor, "biller.webhook", $"{code}: {biller.WebhookUrl ?? "(none)"}");
        await db.SaveChangesAsync(cancellationToken);
        return await Index(cancellationToken);
    }

    [HttpPost("agentler")]
    public async Task<IActionResult> CreateAgent([FromForm] string? code, [FromForm] string? name, [FromForm] AgentKind kind, CancellationToken cancellationToken)
    {
        var normalized = (code ?? "").Trim().ToUpperInvariant();
        if (normalized.Length is < 2 or > 20 || string.IsNullOrWhiteSpace(name) || name.Length > 200 || await db.Agents.AnyAsync(a => a.Code == normalized, cancellationToken))
        {
            Response.StatusCode = 422;
            ViewData["Error"] = localizer["Agent.Error.Branch"].Value;
            return await Index(cancellationToken);
        }

        db.Agents.Add(new Agent(normalized, name, kind));
        audit.Add(Actor, "agent.created", normalized);
        await db.SaveChangesAsync(cancellationToken);
        return Redirect("/staff/operator");
    }

    /// <summary>
    /// Takes an agent (a bank, Azərpoçt) out of service, so that none of its branches takes payments (one already in its
    /// transaction completes) and none of its staff works or signs in, or back into it.
    /// </summary>
    [HttpPost("agentler/{agentId:guid}/{change:regex(^(deaktiv|aktiv)$)}")]
    public async Task<IActionResult> ChangeAgent(Guid agentId, string change, CancellationToken cancellationToken)
    {
        var agent = await db.Agents.SingleOrDefaultAsync(a => a.Id == agentId, cancellationToken);
        if (agent is null)
        {
            return NotFound();
        }

        // Out of service, all its staff are signed out, its admins included; the operator brings the agent back.
        await StaffOnDuty.SwitchAsync(db, audit, Actor, agent, inService: change == "aktiv", db.StaffMembers.Where(s => s.AgentId == agentId),
            "agent." + change, agent.Code, cancellationToken);
        return Redirect("/staff/operator");
    }

    /// <summary>A new login for a staff member outside the branches: an operator, an agent's admin, or a biller's viewer.</summary>
    [HttpPost("emekdaslar")]
    public async Task<IActionResult> CreateStaff([FromForm] string? userName, [FromForm] string? fullName, [FromForm] StaffRole role, [FromForm] Guid? agentId, [FromForm] int? billerId,
        [FromServices] UserManager<KomisUser> userManager, CancellationToken cancellationToken)
    {
        var name = (userName ?? "").Trim().ToLowerInvariant();
        var scopeOk = role switch
        {
            StaffRole.Operator => true,
            StaffRole.AgentAdmin => agentId is { } a && await db.Agents.AnyAsync(x => x.Id == a, cancellationToken),
            StaffRole.BillerViewer => billerId is { } b && await db.Billers.AnyAsync(x => x.Id == b, cancellationToken),
            _ => false,
        };
        if (!scopeOk || !StaffLogins.IsValidUserName(name)
            || string.IsNullOrWhiteSpace(fullName) || fullName.Length > 200 || await userManager.FindByNameAsync(name) is not null)
        {
            Response.StatusCode = 422;
            ViewData["Error"] = localizer["Agent.Error.Staff"].Value;
            return await Index(cancellationToken);
        }

        var password = RandomNumberGenerator.GetString(Domain.Subscribers.InitialPassword.Alphabet, 14);
        audit.Add(Actor, "staff.created", $"{name} as {role}");
        await StaffLogins.CreateAsync(userManager, db, name, password, fullName, role,
            role == StaffRole.AgentAdmin ? agentId : null, null, role == StaffRole.BillerViewer ? billerId : null, clock.GetUtcNow(), mustChangePassword: true);
        ViewData["Notice"] = localizer["Agent.StaffCreated", name, password].Value;
        return await Index(cancellationToken);
    }

    /// <summary>Payments per day by channel and by biller (last 14 days, Baku dates) and the delivery backlog per biller.</summary>
    [HttpGet("panel")]
    public async Task<IActionResult> Dashboard(CancellationToken cancellationToken)
    {
        var today = ViewModels.Display.Today(clock);
        var (start, _) = BranchDayService.Range(today.AddDays(-13));
        var totals = await DailyTotalsAsync(start, cancellationToken);
        var billers = await db.Billers.AsNoTracking().ToDictionaryAsync(b => b.Id, b => b.Code, cancellationToken);
        var days = Enumerable.Range(0, 14).Select(i => today.AddDays(i - 13)).ToList();
        // Each bar looked up, not found by scanning every row again for every series and day.
        var perChannel = totals.GroupBy(t => (t.Channel, t.Day)).ToDictionary(g => g.Key, g => g.Sum(t => t.Total));
        var perBiller = totals.GroupBy(t => (t.BillerId, t.Day)).ToDictionary(g => g.Key, g => g.Sum(t => t.Total));
        var byChannel = Enum.GetValues<PaymentChannel>().Select(c => c.ToString()).Select(c => new ChartSeries(c,
            days.Select(d => perChannel.GetValueOrDefault((c, d))).ToList())).ToList();
        var byBiller = totals.Select(t => t.BillerId).Distinct().Order().Select(id => new ChartSeries(billers[id],
            days.Select(d => perBiller.GetValueOrDefault((id, d))).ToList())).ToList();
        var now = clock.GetUtcNow();
        var backlog = await db.OutboxMessages.AsNoTracking().Where(m => m.DeliveredAt == null)
            .GroupBy(m => m.BillerId)
            .Select(g => new { BillerId = g.Key, Count = g.Count(), Oldest = g.Min(m => m.CreatedAt), Attempts = g.Max(m => m.Attempts) })
            .ToListAsync(cancellationToken);
        // Card approvals that came for orders already closed: money taken with no payment, to be refunded (audit log).
        var lateApprovals = await db.AuditRecords.AsNoTracking()
            .Where(r => r.At >= start && r.Action == Komis.Web.Controllers.AcquirerCallbackController.ClosedOrderApprovalAction)
            .Select(r => r.At).ToListAsync(cancellationToken);
        var refunds = lateApprovals.GroupBy(ViewModels.Display.BakuDate).OrderByDescending(g => g.Key)
            .Select(g => new RefundDay(g.Key, g.Count())).ToList();
        return View(new DashboardViewModel(days, byChannel, byBiller,
            backlog.Select(b => new BacklogRow(billers[b.BillerId], b.Count, now - b.Oldest, b.Attempts)).OrderByDescending(b => b.Undelivered).ToList(),
            refunds));
    }

    /// <summary>
    /// Paid and reversed payments summed per Baku day, channel and biller by PostgreSQL: a few hundred rows at most,
    /// however many payments the fortnight held (the dashboard used to read every one of them, a million a day at the
    /// country's peaks, and sum them in memory once per day, channel and biller). Read by <c>paid_at</c>'s BRIN index.
    /// </summary>
    private Task<List<DailyTotal>> DailyTotalsAsync(DateTimeOffset start, CancellationToken cancellationToken) =>
        db.Database.SqlQuery<DailyTotal>($"""
            SELECT (paid_at AT TIME ZONE 'Asia/Baku')::date AS day, channel, biller_id, sum(amount + fee) AS total
              FROM payments
             WHERE paid_at >= {start} AND status IN ('Paid', 'Reversed')
             GROUP BY 1, 2, 3
            """).ToListAsync(cancellationToken);

    /// <summary>One row of <see cref="DailyTotalsAsync"/> (columns named as the model's naming convention names these).</summary>
    private sealed class DailyTotal
    {
        public DateOnly Day { get; init; }

        public string Channel { get; init; } = ""; // as stored (the enum's name); an ad-hoc row has no value converter

        public int BillerId { get; init; }

        public decimal Total { get; init; }
    }

    private async Task<OperatorViewModel> ModelAsync(CancellationToken cancellationToken)
    {
        var billers = await db.Billers.AsNoTracking().OrderBy(b => b.Id).ToListAsync(cancellationToken);
        var keys = await db.BillerApiKeys.AsNoTracking().Where(k => k.RevokedAt == null).Select(k => new { k.BillerId, k.Prefix, k.CreatedAt }).ToListAsync(cancellationToken);
        var agents = await db.Agents.AsNoTracking().OrderBy(a => a.Code).ToListAsync(cancellationToken);
        return new OperatorViewModel(
            billers.Select(b => new OperatorBillerRow(b, keys.Where(k => k.BillerId == b.Id).Select(k => k.Prefix).ToList())).ToList(),
            agents);
    }
}

public sealed record OperatorBillerRow(Biller Biller, IReadOnlyList<string> KeyPrefixes);

public sealed record OperatorViewModel(IReadOnlyList<OperatorBillerRow> Billers, IReadOnlyList<Agent> Agents);

public sealed record ChartSeries(string Name, IReadOnlyList<decimal> Values);

public sealed record BacklogRow(string Biller, int Undelivered, TimeSpan OldestAge, int MaxAttempts);

/// <param name="Refunds">Per Baku day of the fortnight, the card approvals that came for closed orders (refunds to ask for).</param>
public sealed record DashboardViewModel(IReadOnlyList<DateOnly> Days, IReadOnlyList<ChartSeries> ByChannel, IReadOnlyList<ChartSeries> ByBiller, IReadOnlyList<BacklogRow> Backlog, IReadOnlyList<RefundDay> Refunds);

public sealed record RefundDay(DateOnly Day, int Approvals);
