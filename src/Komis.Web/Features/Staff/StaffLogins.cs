using Komis.Domain.Staff;
using Komis.Web.Data;
using Microsoft.AspNetCore.Identity;

namespace Komis.Web.Features.Staff;

/// <summary>Staff logins: the user-name rule and creating a login with its staff record.</summary>
public static class StaffLogins
{
    /// <summary>A staff user name: 3-64 lower-case Latin letters, digits, '.', '-' or '_'.</summary>
    public static bool IsValidUserName(string name) =>
        name.Length is >= 3 and <= 64 && name.All(c => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '.' or '-' or '_');

    /// <summary>
    /// Creates a staff login (two-factor required) and its staff record. <paramref name="mustChangePassword"/>: the
    /// password was made up for the member and shown to someone else, so the member replaces it at the first sign-in.
    /// </summary>
    public static async Task<(KomisUser User, StaffMember Member)> CreateAsync(
        UserManager<KomisUser> users, KomisDbContext db, string userName, string password, string fullName,
        StaffRole role, Guid? agentId, Guid? branchId, int? billerId, DateTimeOffset now, bool mustChangePassword = false)
    {
        var user = new KomisUser { UserName = userName, TwoFactorEnabled = true, LockoutEnabled = true, CreatedAt = now, MustChangePassword = mustChangePassword };
        var created = await users.CreateAsync(user, password);
        if (!created.Succeeded)
        {
            throw new InvalidOperationException("Staff login not created: " + string.Join(", ", created.Errors.Select(e => e.Code)));
        }

        var member = new StaffMember(user.Id, fullName, role, agentId, branchId, billerId);
        db.StaffMembers.Add(member);
        await db.SaveChangesAsync();
        return (user, member);
    }
}
