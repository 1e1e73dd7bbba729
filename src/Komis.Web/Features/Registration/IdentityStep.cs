using FluentValidation;
using Komis.Domain.Common;
using Komis.Domain.Subscribers;
using Komis.Web.Configuration.Security;
using Komis.Web.Data;
using Komis.Web.Integrations.IdentityRegistry;
using Microsoft.EntityFrameworkCore;

namespace Komis.Web.Features.Registration;

/// <summary>What the citizen types from the ID card.</summary>
public sealed class IdentityStepInput
{
    public string? Series { get; set; } = "AZE";

    public string? Number { get; set; }

    public string? Fin { get; set; }
}

/// <summary>Each wrong format gets its own message (resource keys); the registry's refusal is one generic message.</summary>
public sealed class IdentityStepValidator : AbstractValidator<IdentityStepInput>
{
    public IdentityStepValidator()
    {
        RuleFor(x => x.Series).Custom((_, context) =>
        {
            var input = context.InstanceToValidate;
            Domain.Subscribers.IdCard.TryParse(input.Series, input.Number, out Domain.Subscribers.IdCard? _, out IdCardError error);
            switch (error)
            {
                case IdCardError.SeriesMissing:
                    context.AddFailure(nameof(IdentityStepInput.Series), "IdCard.Error.SeriesMissing");
                    break;
                case IdCardError.SeriesUnknown:
                    context.AddFailure(nameof(IdentityStepInput.Series), "IdCard.Error.SeriesUnknown");
                    break;
                case IdCardError.NumberMissing:
                    context.AddFailure(nameof(IdentityStepInput.Number), "IdCard.Error.NumberMissing");
                    break;
                case IdCardError.NumberFormat:
                    context.AddFailure(nameof(IdentityStepInput.Number),
                        Domain.Subscribers.IdCard.DigitsFor((input.Series ?? "").Trim().ToUpperInvariant()) == 8 ? "IdCard.Error.NumberAze" : "IdCard.Error.NumberAa");
                    break;
            }
        });
        RuleFor(x => x.Fin).Custom((fin, context) =>
        {
            var normalized = Domain.Common.Fin.Normalize(fin);
            if (normalized.Length == 0)
            {
                context.AddFailure(nameof(IdentityStepInput.Fin), "Fin.Error.Missing");
            }
            else if (normalized.Length != Domain.Common.Fin.Length)
            {
                context.AddFailure(nameof(IdentityStepInput.Fin), "Fin.Error.Length");
            }
            else if (normalized.Contains('I') || normalized.Contains('O'))
            {
                context.AddFailure(nameof(IdentityStepInput.Fin), "Fin.Error.IO");
            }
            else if (!Domain.Common.Fin.IsValid(normalized))
            {
                context.AddFailure(nameof(IdentityStepInput.Fin), "Fin.Error.Characters");
            }
        });
    }
}

public enum IdentityStepStatus
{
    Verified,
    Refused,
    AlreadyRegistered,
    RegistryUnavailable,
}

/// <summary>The outcome; <see cref="MaskedExistingCode"/> is set when the person already has a code.</summary>
public sealed record IdentityStepResult(IdentityStepStatus Status, string? MaskedExistingCode = null, Guid? DraftId = null);

/// <summary>
/// Checks the ID card with the national registry and, when the person is not yet a subscriber, opens a registration
/// draft. Used by the online wizard and by tellers alike.
/// </summary>
public sealed class IdentityStepHandler(
    KomisDbContext db,
    IdentityRegistryClient registry,
    PersonalDataHasher hasher,
    TimeProvider clock)
{
    public static readonly TimeSpan DraftLifetime = TimeSpan.FromMinutes(30);

    /// <summary>The input must have passed <see cref="IdentityStepValidator"/>.</summary>
    public async Task<IdentityStepResult> HandleAsync(IdentityStepInput input, RegistrationChannel channel, CancellationToken cancellationToken, Guid? branchId = null)
    {
        if (!IdCard.TryParse(input.Series, input.Number, out var card, out _))
        {
            return new IdentityStepResult(IdentityStepStatus.Refused);
        }

        var fin = Fin.Normalize(input.Fin);
        var finHash = hasher.Fin(fin);
        var existing = await db.Subscribers.AsNoTracking().Where(s => s.FinHash == finHash).Select(s => s.Code).FirstOrDefaultAsync(cancellationToken);
        var check = await registry.VerifyAsync(card, fin, cancellationToken);
        switch (check.Status)
        {
            case IdentityCheckStatus.Unavailable:
                return new IdentityStepResult(IdentityStepStatus.RegistryUnavailable);
            case IdentityCheckStatus.Refused:
                return new IdentityStepResult(IdentityStepStatus.Refused);
        }

        // Only after the registry confirmed the card does Komis say that a code exists, so the check reveals
        // nothing to someone who merely guesses a FIN.
        if (existing is not null)
        {
            return new IdentityStepResult(IdentityStepStatus.AlreadyRegistered, SubscriberCode.TryParse(existing, out var code) ? code.Masked : null);
        }

        var draft = new RegistrationDraft(check.FullName!, finHash, hasher.IdCard(card), card.Masked, channel, clock.GetUtcNow(), DraftLifetime);
        if (branchId is { } branch)
        {
            draft.AtBranch(branch);
        }

        db.RegistrationDrafts.Add(draft);
        await db.SaveChangesAsync(cancellationToken);
        return new IdentityStepResult(IdentityStepStatus.Verified, DraftId: draft.Id);
    }
}
