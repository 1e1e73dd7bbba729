using Komis.Web.Data;
using Komis.Web.ViewModels;
using Microsoft.AspNetCore.Identity;

namespace Komis.Web.Features.Citizens;

/// <summary>A field of the password form and the resource key of what is wrong with it.</summary>
public sealed record PasswordError(string Field, string Key);

/// <summary>
/// A signed-in user changes their own password (a citizen in the cabinet, a staff member in the staff area): the
/// current password is checked, the new one must pass the password policy and differ from it. On success the
/// initial-password mark is cleared, the new security stamp ends the user's other sessions and this one is renewed.
/// </summary>
public sealed class PasswordChange(UserManager<KomisUser> users, SignInManager<KomisUser> signIn)
{
    /// <summary>Changes the password; returns what is wrong, or nothing when it was changed.</summary>
    public async Task<IReadOnlyList<PasswordError>> ChangeAsync(KomisUser user, ChangePasswordInput input)
    {
        var current = input.CurrentPassword ?? "";
        var next = input.NewPassword ?? "";
        if (next != (input.ConfirmPassword ?? ""))
        {
            return [new(nameof(input.ConfirmPassword), "Password.Error.Mismatch")];
        }

        if (next == current)
        {
            return [new(nameof(input.NewPassword), "Password.Error.SameAsCurrent")];
        }

        var result = await users.ChangePasswordAsync(user, current, next);
        if (!result.Succeeded)
        {
            return result.Errors.Select(error => error.Code switch
            {
                "PasswordMismatch" => new PasswordError(nameof(input.CurrentPassword), "Password.Error.CurrentWrong"),
                var code when code.StartsWith("Password.", StringComparison.Ordinal) => new PasswordError(nameof(input.NewPassword), code),
                _ => new PasswordError(nameof(input.NewPassword), "Password.Error.TooShort"),
            }).ToList();
        }

        user.MustChangePassword = false;
        await users.UpdateAsync(user);
        // A new security stamp (set by ChangePasswordAsync) ends the other sessions; this one is renewed (its
        // authentication method, such as the staff's second factor, is kept).
        await signIn.RefreshSignInAsync(user);
        return [];
    }
}
