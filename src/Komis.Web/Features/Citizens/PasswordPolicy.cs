using Komis.Web.Data;
using Microsoft.AspNetCore.Identity;

namespace Komis.Web.Features.Citizens;

/// <summary>
/// The password rules (NIST SP 800-63B, ASVS 6.2): 8 to 128 characters, no composition rules, not a common
/// password, not the user name (the subscriber code). Reusing the current (initial) password is refused where
/// the password is changed. Error codes are resource keys.
/// </summary>
public sealed class PasswordPolicy : IPasswordValidator<KomisUser>
{
    public const int MinLength = 8;
    public const int RecommendedLength = 12;
    public const int MaxLength = 128;

    private static readonly Lazy<HashSet<string>> Common = new(LoadCommon);

    public static IReadOnlyList<string> Check(string password, string? userName)
    {
        var errors = new List<string>();
        if (password.Length < MinLength)
        {
            errors.Add("Password.Error.TooShort");
        }
        else if (password.Length > MaxLength)
        {
            errors.Add("Password.Error.TooLong");
        }
        else if (IsCommon(password))
        {
            errors.Add("Password.Error.Common");
        }

        if (userName is not null && password.Contains(userName, StringComparison.OrdinalIgnoreCase))
        {
            errors.Add("Password.Error.ContainsCode");
        }

        return errors;
    }

    public static bool IsCommon(string password) => Common.Value.Contains(password.ToLowerInvariant());

    public Task<IdentityResult> ValidateAsync(UserManager<KomisUser> manager, KomisUser user, string? password)
    {
        var errors = Check(password ?? "", user.UserName);
        return Task.FromResult(errors.Count == 0
            ? IdentityResult.Success
            : IdentityResult.Failed(errors.Select(e => new IdentityError { Code = e, Description = e }).ToArray()));
    }

    private static HashSet<string> LoadCommon()
    {
        using var stream = typeof(PasswordPolicy).Assembly.GetManifestResourceStream("Komis.Web.Resources.common-passwords.txt")
            ?? throw new InvalidOperationException("The common password list is not embedded.");
        using var reader = new StreamReader(stream);
        var set = new HashSet<string>(StringComparer.Ordinal);
        while (reader.ReadLine() is { } line)
        {
            if (line.Length > 0 && line[0] != '#')
            {
                set.Add(line.ToLowerInvariant());
            }
        }

        return set;
    }
}
