using Komis.Domain.Billers;
using Komis.Web.Features.Accounts;
using Komis.Web.Features.Cabinet;
using Komis.Web.Features.Citizens;
using Komis.Web.Features.Registration;

namespace Komis.Web.ViewModels;

/// <summary>A biller in the account finder's list: connecting ones are shown, disabled.</summary>
public sealed record BillerOption(string Code, string Name, bool IsActive, string FormatDescription, string Example)
{
    public static BillerOption From(Biller b) => new(b.Code, b.Name.Current, b.IsActive, b.AccountFormat.Description.Current, b.AccountFormat.Example);
}

/// <summary>The find-and-confirm step shared by the registration wizard and the cabinet.</summary>
public sealed class AccountFinderViewModel
{
    public required IReadOnlyList<BillerOption> Billers { get; init; }

    public FindAccountInput Input { get; init; } = new();

    public FindAccountResult? Result { get; init; }

    public required string FindAction { get; init; }

    public required string AddAction { get; init; }
}

public sealed class IdentityStepViewModel
{
    public IdentityStepInput Input { get; init; } = new();

    public IdentityStepStatus? Outcome { get; init; }

    public string? MaskedExistingCode { get; init; }

    public bool HasOpenDraft { get; init; }
}

public sealed class AccountsStepViewModel
{
    public required string FullName { get; init; }

    public required IReadOnlyList<DraftAccount> Linked { get; init; }

    public required AccountFinderViewModel Finder { get; init; }

    public string? Notice { get; init; }
}

public sealed class ReviewStepViewModel
{
    public required string FullName { get; init; }

    public required string IdCardMasked { get; init; }

    public required IReadOnlyList<DraftAccount> Linked { get; init; }

    public string? Notice { get; init; }
}

public sealed class LoginViewModel
{
    public LoginInput Input { get; init; } = new();

    public string? ReturnUrl { get; init; }

    public LoginStatus? Outcome { get; init; }
}

public sealed class ChangePasswordInput
{
    public string? CurrentPassword { get; set; }

    public string? NewPassword { get; set; }

    public string? ConfirmPassword { get; set; }
}

public sealed class ChangePasswordViewModel
{
    public ChangePasswordInput Input { get; init; } = new();

    public bool Forced { get; init; }

    /// <summary>Where the form posts (the cabinet's or the staff area's page).</summary>
    public string Action { get; init; } = "/kabinet/sifre";

    /// <summary>Resource keys of the notice shown while the initial password is in use and of its field's label.</summary>
    public string ForcedNotice { get; init; } = "Password.Forced";

    public string InitialLabel { get; init; } = "Password.CurrentInitial";
}

public sealed class CabinetAccountsViewModel
{
    public required CabinetView Cabinet { get; init; }

    public required AccountFinderViewModel Finder { get; init; }

    public string? Notice { get; init; }
}
