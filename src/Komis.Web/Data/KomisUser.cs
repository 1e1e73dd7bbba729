using Microsoft.AspNetCore.Identity;

namespace Komis.Web.Data;

/// <summary>A login: a citizen (user name = subscriber code) or a staff member.</summary>
public class KomisUser : IdentityUser<Guid>
{
    /// <summary>Set while an initial password is in use; the cabinet sends the user to change it first.</summary>
    public bool MustChangePassword { get; set; }

    public DateTimeOffset CreatedAt { get; set; }

    /// <summary>Staff: when the authenticator app was set up and its first code checked; null until then (or after a reset).</summary>
    public DateTimeOffset? TotpConfirmedAt { get; set; }

    /// <summary>Staff: the 30-second step of the last authenticator code accepted; that code and older ones are refused.</summary>
    public long? TotpLastStep { get; set; }
}
