using FluentValidation;
using Komis.Domain.Subscribers;
using Komis.Web.Controllers;
using Komis.Web.Data;
using Komis.Web.Documents;
using Komis.Web.Features.Accounts;
using Komis.Web.Features.Registration;
using Komis.Web.Features.Staff;
using Komis.Web.ViewModels;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace Komis.Web.Areas.Staff.Controllers;

/// <summary>
/// A teller registers a walk-in citizen with the same services as the online wizard (registry check, accounts in the
/// biller's format, the code and initial password) and prints the same sheet; and reissues an initial password.
/// </summary>
[Authorize(Policy = StaffClaims.BranchPolicy)]
[Route("staff/qeydiyyat")]
public sealed class RegisterController(RegistrationDraftStore drafts, KomisDbContext db, IStringLocalizer<SharedResource> localizer) : StaffController
{
    private Guid BranchId => StaffClaims.BranchOf(User)!.Value;

    [HttpGet("")]
    public IActionResult Identity() => View(new IdentityStepViewModel());

    [HttpPost("")]
    public async Task<IActionResult> Identity([FromForm] IdentityStepInput input, [FromServices] IValidator<IdentityStepInput> validator, [FromServices] IdentityStepHandler handler, [FromServices] AuditLog audit, CancellationToken cancellationToken)
    {
        var validation = await validator.ValidateAsync(input, cancellationToken);
        if (!validation.IsValid)
        {
            validation.Errors.ForEach(e => ModelState.AddModelError(e.PropertyName, localizer[e.ErrorMessage]));
            return View(new IdentityStepViewModel { Input = input });
        }

        var result = await handler.HandleAsync(input, RegistrationChannel.Branch, cancellationToken, BranchId);
        await audit.WriteAsync(Actor, "registration.idcard", $"registration at the branch: {result.Status}", cancellationToken);
        if (result.Status != IdentityStepStatus.Verified)
        {
            Response.StatusCode = result.Status == IdentityStepStatus.RegistryUnavailable ? 503 : 422;
            return View(new IdentityStepViewModel { Input = input, Outcome = result.Status, MaskedExistingCode = result.MaskedExistingCode });
        }

        drafts.Remember(Response, result.DraftId!.Value);
        return Redirect("/staff/qeydiyyat/hesablar");
    }

    [HttpGet("hesablar")]
    public async Task<IActionResult> Accounts(CancellationToken cancellationToken)
    {
        var draft = await drafts.LoadAsync(Request, cancellationToken);
        return draft is null || draft.IsCompleted ? Redirect("/staff/qeydiyyat") : View(await ModelAsync(draft, new FindAccountInput(), null, cancellationToken));
    }

    [HttpPost("hesablar/tap")]
    public async Task<IActionResult> Find([FromForm] FindAccountInput input, [FromServices] FindAccountHandler finder, CancellationToken cancellationToken)
    {
        var draft = await drafts.LoadAsync(Request, cancellationToken);
        if (draft is null || draft.IsCompleted)
        {
            return Redirect("/staff/qeydiyyat");
        }

        var result = await finder.HandleAsync(input, draft.FinHash, cancellationToken);
        Response.StatusCode = result.Status == FindAccountStatus.Found ? 200 : 422;
        return View("Accounts", await ModelAsync(draft, input, result, cancellationToken));
    }

    [HttpPost("hesablar/elave")]
    public async Task<IActionResult> Add([FromForm] FindAccountInput input, [FromServices] AddDraftAccountHandler adder, CancellationToken cancellationToken)
    {
        var draft = await drafts.LoadAsync(Request, cancellationToken);
        if (draft is null || draft.IsCompleted)
        {
            return Redirect("/staff/qeydiyyat");
        }

        var added = await adder.HandleAsync(draft, input, cancellationToken);
        if (added.Added)
        {
            return Redirect("/staff/qeydiyyat/hesablar");
        }

        Response.StatusCode = 422;
        return View("Accounts", added.TooMany
            ? await ModelAsync(draft, new FindAccountInput(), null, cancellationToken, localizer["Registration.TooManyAccounts"])
            : await ModelAsync(draft, input, added.Found, cancellationToken));
    }

    [HttpPost("hesablar/sil")]
    public async Task<IActionResult> Remove([FromForm] long accountId, CancellationToken cancellationToken)
    {
        var draft = await drafts.LoadAsync(Request, cancellationToken);
        if (draft is not null && !draft.IsCompleted)
        {
            draft.RemoveAccount(accountId);
            await drafts.SaveAsync(cancellationToken);
        }

        return Redirect("/staff/qeydiyyat/hesablar");
    }

    [HttpPost("tamamla")]
    public async Task<IActionResult> Complete([FromServices] CompleteRegistrationHandler handler, [FromServices] AuditLog audit, CancellationToken cancellationToken)
    {
        var draftId = drafts.DraftIdOf(Request);
        if (draftId is null)
        {
            return Redirect("/staff/qeydiyyat");
        }

        var result = await handler.HandleAsync(draftId.Value, cancellationToken);
        if (result.Status == CompleteStatus.Completed)
        {
            await audit.WriteAsync(Actor, "registration.completed", "a walk-in citizen registered", cancellationToken);
        }

        return result.Status switch
        {
            CompleteStatus.Completed or CompleteStatus.AlreadyCompleted => Redirect("/staff/qeydiyyat/vereqe"),
            CompleteStatus.NoAccounts => Redirect("/staff/qeydiyyat/hesablar"),
            _ => Redirect("/staff/qeydiyyat"),
        };
    }

    [HttpGet("vereqe")]
    public async Task<IActionResult> Sheet([FromServices] RegistrationSheetQuery sheets, CancellationToken cancellationToken)
    {
        var sheet = drafts.DraftIdOf(Request) is { } id ? await sheets.GetAsync(id, cancellationToken) : null;
        if (sheet is null)
        {
            return NotFound();
        }

        Configuration.Security.NeverStored.Mark(Response);
        return View(sheet);
    }

    [HttpGet("vereqe.pdf")]
    public async Task<IActionResult> SheetPdf([FromServices] RegistrationSheetQuery sheets, [FromServices] RegistrationSheetPdf pdf, CancellationToken cancellationToken)
    {
        var sheet = drafts.DraftIdOf(Request) is { } id ? await sheets.GetAsync(id, cancellationToken) : null;
        if (sheet is null)
        {
            return NotFound();
        }

        Configuration.Security.NeverStored.Mark(Response);
        return File(pdf.Render(sheet), "application/pdf", $"qeydiyyat-vereqesi-{sheet.Code}.pdf");
    }

    /// <summary>The ID card check before a new initial password.</summary>
    [HttpGet("/staff/kassa/abonent/{code}/sifre")]
    public IActionResult Reissue(string code) => View(new ReissueViewModel { Code = code });

    [HttpPost("/staff/kassa/abonent/{code}/sifre")]
    public async Task<IActionResult> Reissue(string code, [FromForm] IdentityStepInput input, [FromServices] PasswordReissueHandler handler, CancellationToken cancellationToken)
    {
        var (status, draftId) = await handler.ReissueAsync(Actor, BranchId, code, input, cancellationToken);
        if (status == ReissueStatus.Reissued)
        {
            drafts.Remember(Response, draftId!.Value);
            return Redirect("/staff/qeydiyyat/vereqe");
        }

        Response.StatusCode = status switch { ReissueStatus.NotFound => 404, ReissueStatus.RegistryUnavailable => 503, _ => 422 };
        return View(new ReissueViewModel { Code = code, Input = input, Refused = true });
    }

    private async Task<AccountsStepViewModel> ModelAsync(
        RegistrationDraft draft, FindAccountInput input, FindAccountResult? result, CancellationToken cancellationToken, string? notice = null) => new()
    {
        FullName = draft.FullName,
        Linked = await drafts.AccountsOfAsync(draft, cancellationToken),
        Notice = notice,
        Finder = new AccountFinderViewModel
        {
            Billers = await RegistrationController.BillerOptionsAsync(db, cancellationToken),
            Input = input,
            Result = result,
            FindAction = "/staff/qeydiyyat/hesablar/tap",
            AddAction = "/staff/qeydiyyat/hesablar/elave",
        },
    };
}

public sealed class ReissueViewModel
{
    public required string Code { get; init; }

    public IdentityStepInput Input { get; init; } = new();

    public bool Refused { get; init; }
}
