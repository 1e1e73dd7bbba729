using Komis.Domain.Common;
using Komis.Domain.Subscribers;
using Komis.Web.Features.Accounts;

namespace Komis.Web.Features.Registration;

/// <summary>What adding an account to a registration draft came to.</summary>
public sealed record AddDraftAccountResult(FindAccountResult Found, bool TooMany)
{
    public bool Added => Found.Status == FindAccountStatus.Found && !TooMany;
}

/// <summary>
/// The "add this account" step of registration, online and at a branch alike. The confirmation form carries only the
/// biller and the number, so the account is found again here and checked against the person's FIN before it joins the
/// draft.
/// </summary>
public sealed class AddDraftAccountHandler(FindAccountHandler finder, RegistrationDraftStore drafts)
{
    public async Task<AddDraftAccountResult> HandleAsync(RegistrationDraft draft, FindAccountInput input, CancellationToken cancellationToken)
    {
        var found = await finder.HandleAsync(input, draft.FinHash, cancellationToken);
        if (found.Status != FindAccountStatus.Found)
        {
            return new(found, TooMany: false);
        }

        try
        {
            draft.AddAccount(found.Account!.BillerAccountId);
        }
        catch (DomainException)
        {
            return new(found, TooMany: true);
        }

        await drafts.SaveAsync(cancellationToken);
        return new(found, TooMany: false);
    }
}
