using FluentValidation;
using Komis.Domain.Subscribers;
using Komis.Web.Configuration;
using Komis.Web.Data;
using Komis.Web.Documents;
using Komis.Web.Features.Accounts;
using Komis.Web.Features.Registration;
using Komis.Web.ViewModels;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Komis.Web.Controllers;

/// <summary>"Real rejimdə qeydiyyat": ID card → accounts → review → the registration sheet.</summary>
[Route("odenis-xidmetleri/qeydiyyat")]
public sealed class RegistrationController(
    RegistrationDraftStore drafts,
    KomisDbContext db,
    IStringLocalizer<SharedResource> localizer) : Controller
{
    [HttpGet("")]
    public async Task<IActionResult> Identity(CancellationToken cancellationToken)
    {
        var draft = await drafts.LoadAsync(Request, cancellationToken);
        return View(new IdentityStepViewModel { HasOpenDraft = draft is { IsCompleted: false } });
    }

    [HttpPost("")]
    [EnableRateLimiting(CitizensConfig.RegistrationRateLimit)]
    public async Task<IActionResult> Identity(
        [FromForm] IdentityStepInput input,
        [FromServices] IValidator<IdentityStepInput> validator,
        [FromServices] IdentityStepHandler handler,
        CancellationToken cancellationToken)
    {
        var validation = await validator.ValidateAsync(input, cancellationToken);
        if (!validation.IsValid)
        {
            AddErrors(validation);
            return View(new IdentityStepViewModel { Input = input });
        }

        var result = await handler.HandleAsync(input, RegistrationChannel.Internet, cancellationToken);
        if (result.Status != IdentityStepStatus.Verified)
        {
            Response.StatusCode = result.Status == IdentityStepStatus.RegistryUnavailable ? 503 : 422;
            return View(new IdentityStepViewModel { Input = input, Outcome = result.Status, MaskedExistingCode = result.MaskedExistingCode });
        }

        drafts.Remember(Response, result.DraftId!.Value);
        return RedirectToAction(nameof(Accounts));
    }

    [HttpGet("hesablar")]
    public async Task<IActionResult> Accounts(CancellationToken cancellationToken)
    {
        var draft = await drafts.LoadAsync(Request, cancellationToken);
        if (draft is null)
        {
            return RedirectToAction(nameof(Identity));
        }

        return draft.IsCompleted ? RedirectToAction(nameof(Sheet)) : View(await AccountsModelAsync(draft, new FindAccountInput(), null, null, cancellationToken));
    }

    [HttpPost("hesablar/tap")]
    [EnableRateLimiting(CitizensConfig.RegistrationRateLimit)]
    public async Task<IActionResult> Find(
        [FromForm] FindAccountInput input,
        [FromServices] IValidator<FindAccountInput> validator,
        [FromServices] FindAccountHandler finder,
        CancellationToken cancellationToken)
    {
        var draft = await drafts.LoadAsync(Request, cancellationToken);
        if (draft is null || draft.IsCompleted)
        {
            return RedirectToAction(nameof(Identity));
        }

        var validation = await validator.ValidateAsync(input, cancellationToken);
        FindAccountResult? result = null;
        if (validation.IsValid)
        {
            result = await finder.HandleAsync(input, draft.FinHash, cancellationToken);
        }
        else
        {
            AddErrors(validation);
        }

        if (result is not null && result.Status != FindAccountStatus.Found)
        {
            Response.StatusCode = 422;
        }

        return View(nameof(Accounts), await AccountsModelAsync(draft, input, result, null, cancellationToken));
    }

    [HttpPost("hesablar/elave")]
    public async Task<IActionResult> Add([FromForm] FindAccountInput input, [FromServices] AddDraftAccountHandler adder, CancellationToken cancellationToken)
    {
        var draft = await drafts.LoadAsync(Request, cancellationToken);
        if (draft is null || draft.IsCompleted)
        {
            return RedirectToAction(nameof(Identity));
        }

        var added = await adder.HandleAsync(draft, input, cancellationToken);
        if (added.Added)
        {
            return RedirectToAction(nameof(Accounts));
        }

        Response.StatusCode = 422;
        return View(nameof(Accounts), added.TooMany
            ? await AccountsModelAsync(draft, new FindAccountInput(), null, localizer["Registration.TooManyAccounts"], cancellationToken)
            : await AccountsModelAsync(draft, input, added.Found, null, cancellationToken));
    }

    [HttpPost("hesablar/sil")]
    public async Task<IActionResult> Remove([FromForm] long accountId, CancellationToken cancellationToken)
    {
        var draft = await drafts.LoadAsync(Request, cancellationToken);
        if (draft is null || draft.IsCompleted)
        {
            return RedirectToAction(nameof(Identity));
        }

        draft.RemoveAccount(accountId);
        await drafts.SaveAsync(cancellationToken);
        return RedirectToAction(nameof(Accounts));
    }

    [HttpGet("yoxla")]
    public async Task<IActionResult> Review(CancellationToken cancellationToken)
    {
        var draft = await drafts.LoadAsync(Request, cancellationToken);
        if (draft is null)
        {
            return RedirectToAction(nameof(Identity));
        }

        if (draft.IsCompleted)
        {
            return RedirectToAction(nameof(Sheet));
        }

        if (draft.AccountIds.Count == 0)
        {
            return RedirectToAction(nameof(Accounts));
        }

        return View(new ReviewStepViewModel
        {
            FullName = draft.FullName,
            IdCardMasked = draft.IdCardMasked,
            Linked = await drafts.AccountsOfAsync(draft, cancellationToken),
        });
    }

    [HttpPost("tamamla")]
    public async Task<IActionResult> Complete([FromServices] CompleteRegistrationHandler handler, CancellationToken cancellationToken)
    {
        var draftId = drafts.DraftIdOf(Request);
        if (draftId is null)
        {
            return RedirectToAction(nameof(Identity));
        }

        var result = await handler.HandleAsync(draftId.Value, cancellationToken);
        switch (result.Status)
        {
            case CompleteStatus.Completed:
            case CompleteStatus.AlreadyCompleted:
                return RedirectToAction(nameof(Sheet));
            case CompleteStatus.NoAccounts:
                return RedirectToAction(nameof(Accounts));
            case CompleteStatus.AlreadyRegistered:
                drafts.Forget(Response);
                Response.StatusCode = 409;
                return View(nameof(Identity), new IdentityStepViewModel { Outcome = IdentityStepStatus.AlreadyRegistered, MaskedExistingCode = result.MaskedExistingCode });
            default:
                drafts.Forget(Response);
                return RedirectToAction(nameof(Identity));
        }
    }

    [HttpGet("vereqe")]
    public async Task<IActionResult> Sheet([FromServices] RegistrationSheetQuery sheets, CancellationToken cancellationToken)
    {
        var sheet = await LoadSheetAsync(sheets, cancellationToken);
        if (sheet is null)
        {
            Response.StatusCode = 410;
            return View("SheetGone");
        }

        Configuration.Security.NeverStored.Mark(Response);
        return View(sheet);
    }

    [HttpGet("vereqe.pdf")]
    public async Task<IActionResult> SheetPdf(
        [FromServices] RegistrationSheetQuery sheets,
        [FromServices] RegistrationSheetPdf pdf,
        CancellationToken cancellationToken)
    {
        var sheet = await LoadSheetAsync(sheets, cancellationToken);
        if (sheet is null)
        {
            Response.StatusCode = 410;
            return View("SheetGone");
        }

        Configuration.Security.NeverStored.Mark(Response);
        return File(pdf.Render(sheet), "application/pdf", $"qeydiyyat-vereqesi-{sheet.Code}.pdf");
    }

    private async Task<RegistrationSheet?> LoadSheetAsync(RegistrationSheetQuery sheets, CancellationToken cancellationToken)
    {
        var draftId = drafts.DraftIdOf(Request);
        return draftId is null ? null : await sheets.GetAsync(draftId.Value, cancellationToken);
    }

    private async Task<AccountsStepViewModel> AccountsModelAsync(
        RegistrationDraft draft, FindAccountInput input, FindAccountResult? result, string? notice, CancellationToken cancellationToken) => new()
    {
        FullName = draft.FullName,
        Linked = await drafts.AccountsOfAsync(draft, cancellationToken),
        Notice = notice,
        Finder = new AccountFinderViewModel
        {
            Billers = await BillerOptionsAsync(db, cancellationToken),
            Input = input,
            Result = result,
            FindAction = Url.Action(nameof(Find))!,
            AddAction = Url.Action(nameof(Add))!,
        },
    };

    internal static async Task<IReadOnlyList<BillerOption>> BillerOptionsAsync(KomisDbContext db, CancellationToken cancellationToken) =>
        (await db.Billers.AsNoTracking().OrderByDescending(b => b.Status).ThenBy(b => b.Id).ToListAsync(cancellationToken))
        .Select(BillerOption.From).ToList();

    private void AddErrors(FluentValidation.Results.ValidationResult validation)
    {
        foreach (var error in validation.Errors)
        {
            ModelState.AddModelError(error.PropertyName, localizer[error.ErrorMessage]);
        }
    }
}
