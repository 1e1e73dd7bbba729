using FluentValidation;
using Komis.Web.Data;
using Komis.Web.Features.Accounts;
using Komis.Web.Features.Cabinet;
using Komis.Web.Features.Citizens;
using Komis.Web.ViewModels;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Komis.Web.Controllers;

/// <summary>
/// The citizen's personal cabinet ("Şəxsi virtual kabinet"). The subscriber is always the one in the session;
/// no action takes a subscriber id from the request.
/// </summary>
[Authorize(Policy = CitizenClaims.Policy)]
[Route("kabinet")]
public sealed class CabinetController(IStringLocalizer<SharedResource> localizer, CabinetQuery cabinet) : Controller
{
    private Guid SubscriberId => CitizenClaims.SubscriberIdOf(User)!.Value;

    /// <summary>While the initial password is in use, every cabinet page leads to the password change.</summary>
    public override void OnActionExecuting(ActionExecutingContext context)
    {
        var allowed = context.ActionDescriptor.EndpointMetadata.OfType<AllowWithInitialPasswordAttribute>().Any();
        if (!allowed && User.HasClaim(CitizenClaims.MustChangePassword, "true"))
        {
            context.Result = Redirect("/kabinet/sifre");
        }
    }

    // No parameters to bind (the cabinet's read comes with the controller, the request's end from its context): MVC then
    // skips model binding and its value providers altogether on the busiest page (2.7 % of the app's CPU on it).
    [HttpGet("")]
    public async Task<IActionResult> Index()
    {
        var view = await cabinet.GetAsync(SubscriberId, HttpContext.RequestAborted);
        return view is null ? NotFound() : View(view);
    }

    [HttpGet("sifre")]
    [AllowWithInitialPassword]
    public IActionResult ChangePassword() =>
        View(new ChangePasswordViewModel { Forced = User.HasClaim(CitizenClaims.MustChangePassword, "true") });

    [HttpPost("sifre")]
    [AllowWithInitialPassword]
    public async Task<IActionResult> ChangePassword(
        [FromForm] ChangePasswordInput input,
        [FromServices] UserManager<KomisUser> userManager,
        [FromServices] PasswordChange passwords,
        [FromServices] ILogger<CabinetController> logger)
    {
        var forced = User.HasClaim(CitizenClaims.MustChangePassword, "true");
        var user = await userManager.GetUserAsync(User);
        if (user is null)
        {
            return Challenge();
        }

        var errors = await passwords.ChangeAsync(user, input);
        if (errors.Count == 0)
        {
            logger.LogInformation("Citizen {SubscriberCode} changed the password", User.FindFirst(CitizenClaims.SubscriberCode)?.Value);
            TempData["Notice"] = localizer["Password.Changed"].Value;
            return Redirect("/kabinet");
        }

        foreach (var error in errors)
        {
            ModelState.AddModelError(error.Field, localizer[error.Key]);
        }

        Response.StatusCode = 422;
        return View(new ChangePasswordViewModel { Forced = forced });
    }

    [HttpGet("hesablar")]
    public async Task<IActionResult> Accounts([FromServices] KomisDbContext db, CancellationToken cancellationToken) =>
        View(await AccountsModelAsync(db, new FindAccountInput(), null, null, cancellationToken));

    [HttpPost("hesablar/tap")]
    public async Task<IActionResult> Find(
        [FromForm] FindAccountInput input,
        [FromServices] IValidator<FindAccountInput> validator,
        [FromServices] FindAccountHandler finder,
        [FromServices] KomisDbContext db,
        CancellationToken cancellationToken)
    {
        FindAccountResult? result = null;
        var validation = await validator.ValidateAsync(input, cancellationToken);
        if (validation.IsValid)
        {
            var finHash = await db.Subscribers.Where(s => s.Id == SubscriberId).Select(s => s.FinHash).SingleAsync(cancellationToken);
            result = await finder.HandleAsync(input, finHash, cancellationToken);
            if (result.Status != FindAccountStatus.Found)
            {
                Response.StatusCode = 422;
            }
        }
        else
        {
            foreach (var error in validation.Errors)
            {
                ModelState.AddModelError(error.PropertyName, localizer[error.ErrorMessage]);
            }
        }

        return View(nameof(Accounts), await AccountsModelAsync(db, input, result, null, cancellationToken));
    }

    [HttpPost("hesablar/elave")]
    public async Task<IActionResult> Add(
        [FromForm] FindAccountInput input,
        [FromServices] LinkAccountHandler links,
        [FromServices] KomisDbContext db,
        CancellationToken cancellationToken)
    {
        var (status, find) = await links.LinkAsync(SubscriberId, input, cancellationToken);
        switch (status)
        {
            case LinkStatus.Linked:
            case LinkStatus.AlreadyLinked:
                TempData["Notice"] = localizer[status == LinkStatus.Linked ? "Cabinet.AccountLinked" : "Cabinet.AccountAlreadyLinked"].Value;
                return Redirect("/kabinet/hesablar");
            case LinkStatus.TooMany:
                Response.StatusCode = 422;
                return View(nameof(Accounts), await AccountsModelAsync(db, new FindAccountInput(), null, localizer["Cabinet.TooManyAccounts"], cancellationToken));
            default:
                Response.StatusCode = 422;
                return View(nameof(Accounts), await AccountsModelAsync(db, input, find, null, cancellationToken));
        }
    }

    [HttpPost("hesablar/{linkId:long}/sil")]
    public async Task<IActionResult> Unlink(long linkId, [FromServices] LinkAccountHandler links, CancellationToken cancellationToken)
    {
        if (!await links.UnlinkAsync(SubscriberId, linkId, cancellationToken))
        {
            return NotFound();
        }

        TempData["Notice"] = localizer["Cabinet.AccountUnlinked"].Value;
        return Redirect("/kabinet/hesablar");
    }

    private async Task<CabinetAccountsViewModel> AccountsModelAsync(
        KomisDbContext db, FindAccountInput input, FindAccountResult? result, string? notice, CancellationToken cancellationToken) => new()
    {
        Cabinet = (await cabinet.GetAsync(SubscriberId, cancellationToken))!,
        Notice = notice,
        Finder = new AccountFinderViewModel
        {
            Billers = await RegistrationController.BillerOptionsAsync(db, cancellationToken),
            Input = input,
            Result = result,
            FindAction = "/kabinet/hesablar/tap",
            AddAction = "/kabinet/hesablar/elave",
        },
    };
}

/// <summary>Marks the cabinet actions reachable while the initial password must still be changed.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class AllowWithInitialPasswordAttribute : Attribute;
