using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;

namespace Komis.Web.Areas.Staff.Controllers;

/// <summary>
/// The base of every staff page: the Staff area, a staff policy (narrowed per controller or action), and
/// antiforgery on every POST. Each action also checks the data scope it touches (branch, agent, biller).
/// </summary>
[Area("Staff")]
[Authorize(Policy = Features.Staff.StaffClaims.StaffPolicy)]
[AutoValidateAntiforgeryToken]
public abstract class StaffController : Controller
{
    protected Features.Staff.AuditActor Actor => Features.Staff.StaffClaims.Actor(User, HttpContext);

    /// <summary>While the password someone else was shown is in use, every staff page leads to the password change.</summary>
    public override void OnActionExecuting(ActionExecutingContext context)
    {
        if (User.HasClaim(Features.Citizens.CitizenClaims.MustChangePassword, "true"))
        {
            context.Result = Redirect("/staff/sifre");
        }
    }
}
