using Komis.Web.Data;
using Komis.Web.Features.Staff;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Komis.Web.Areas.Staff.Controllers;

/// <summary>The audit log for operators: the latest records and the verification of the whole hash chain.</summary>
[Authorize(Policy = StaffClaims.OperatorPolicy)]
[Route("staff/audit")]
public sealed class AuditController(KomisDbContext db, AuditChainer chainer) : StaffController
{
    [HttpGet("")]
    public async Task<IActionResult> Index(CancellationToken cancellationToken)
    {
        await chainer.SealPendingAsync(cancellationToken);
        var records = await db.AuditRecords.AsNoTracking().OrderByDescending(r => r.Id).Take(200).ToListAsync(cancellationToken);
        var report = await chainer.VerifyAsync(cancellationToken);
        return View(new AuditViewModel(records, report));
    }
}

public sealed record AuditViewModel(IReadOnlyList<Domain.Staff.AuditRecord> Records, ChainReport Report);
