using Komis.Web.Data;
using Komis.Web.Features.Staff;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Komis.Web.Areas.Staff.Controllers;

/// <summary>
/// The audit log for operators: one Baku day at a time, newest first, filtered by what was done (an action or its
/// beginning, "staff." or "payment.approval") and by whom, a page of <see cref="PageSize"/> with a link to the older
/// ones. The whole hash chain is verified when the operator asks (and by the `audit verify` command), not on every
/// view: it reads every record ever written.
/// </summary>
[Authorize(Policy = StaffClaims.OperatorPolicy)]
[Route("staff/audit")]
public sealed class AuditController(KomisDbContext db, AuditChainer chainer, TimeProvider clock) : StaffController
{
    public const int PageSize = 100;

    [HttpGet("")]
    public async Task<IActionResult> Index([FromQuery] DateOnly? day, [FromQuery] string? action, [FromQuery] string? actor, [FromQuery] long? before, CancellationToken cancellationToken) =>
        View(await ReadAsync(AuditFilter.Of(day, action, actor, before, clock), null, cancellationToken));

    /// <summary>Seals what is pending and verifies every sealed record's hash and link; shows the result above the same page.</summary>
    [HttpPost("yoxla")]
    public async Task<IActionResult> Verify([FromForm] DateOnly? day, [FromForm] string? action, [FromForm] string? actor, CancellationToken cancellationToken)
    {
        await chainer.SealPendingAsync(cancellationToken);
        var report = await chainer.VerifyAsync(cancellationToken);
        return View(nameof(Index), await ReadAsync(AuditFilter.Of(day, action, actor, null, clock), report, cancellationToken));
    }

    private async Task<AuditViewModel> ReadAsync(AuditFilter filter, ChainReport? report, CancellationToken cancellationToken)
    {
        var (start, end) = BranchDayService.Range(filter.Day);
        // The day's records through the BRIN index on their time; the filters on what is left of it.
        var records = db.AuditRecords.AsNoTracking().Where(r => r.At >= start && r.At < end);
        if (filter.Action is { } action)
        {
            records = records.Where(r => r.Action.StartsWith(action));
        }

        if (filter.Actor is { } actor)
        {
            records = records.Where(r => r.Actor == actor);
        }

        if (filter.Before is { } before)
        {
            records = records.Where(r => r.Id < before);
        }

        var page = await records.OrderByDescending(r => r.Id).Take(PageSize + 1).ToListAsync(cancellationToken);
        var older = page.Count > PageSize ? page[PageSize - 1].Id : (long?)null;
        return new AuditViewModel(page.Take(PageSize).ToList(), filter, older, report);
    }
}

/// <summary>What the operator looks for; values that are not usable (too long, blank) are dropped.</summary>
public sealed record AuditFilter(DateOnly Day, string? Action, string? Actor, long? Before)
{
    public static AuditFilter Of(DateOnly? day, string? action, string? actor, long? before, TimeProvider clock) => new(
        day ?? ViewModels.Display.Today(clock),
        Clean(action, 64),
        Clean(actor, 100),
        before is > 0 ? before : null);

    private static string? Clean(string? value, int maxLength) =>
        string.IsNullOrWhiteSpace(value) || value.Trim().Length > maxLength ? null : value.Trim();
}

/// <param name="Older">The id to continue from when there are older records matching, else null.</param>
/// <param name="Report">The chain's verification, when the operator asked for it.</param>
public sealed record AuditViewModel(IReadOnlyList<Domain.Staff.AuditRecord> Records, AuditFilter Filter, long? Older, ChainReport? Report);
