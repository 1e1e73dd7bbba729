using Komis.Domain.Common;
using Komis.Web.Data;
using Komis.Web.Features.Accounts;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace Komis.Web.Features.Cabinet;

public enum LinkStatus
{
    Linked,
    AlreadyLinked,
    TooMany,
    NotFound,
}

/// <summary>Links a found account to, or unlinks one from, the signed-in subscriber.</summary>
public sealed class LinkAccountHandler(KomisDbContext db, FindAccountHandler find, TimeProvider clock)
{
    /// <summary>Finds the account again on the server (nothing from the confirmation form is trusted) and links it.</summary>
    public async Task<(LinkStatus Status, FindAccountResult Find)> LinkAsync(Guid subscriberId, FindAccountInput input, CancellationToken cancellationToken)
    {
        var subscriber = await db.Subscribers.Include(s => s.Accounts).SingleAsync(s => s.Id == subscriberId, cancellationToken);
        var result = await find.HandleAsync(input, subscriber.FinHash, cancellationToken);
        if (result.Status != FindAccountStatus.Found)
        {
            return (LinkStatus.NotFound, result);
        }

        try
        {
            subscriber.Link(result.Account!.BillerAccountId, clock.GetUtcNow());
            await db.SaveChangesAsync(cancellationToken);
            return (LinkStatus.Linked, result);
        }
        catch (DomainException ex) when (ex.Code == "subscriber.already-linked")
        {
            return (LinkStatus.AlreadyLinked, result);
        }
        catch (DomainException ex) when (ex.Code == "subscriber.too-many-accounts")
        {
            return (LinkStatus.TooMany, result);
        }
        catch (DbUpdateException ex) when (ex.InnerException is PostgresException { SqlState: PostgresErrorCodes.UniqueViolation })
        {
            return (LinkStatus.AlreadyLinked, result); // a double click linked it a moment ago
        }
    }

    /// <summary>False when the link is not this subscriber's (or does not exist): the caller answers 404.</summary>
    public async Task<bool> UnlinkAsync(Guid subscriberId, long linkId, CancellationToken cancellationToken)
    {
        var subscriber = await db.Subscribers.Include(s => s.Accounts).SingleAsync(s => s.Id == subscriberId, cancellationToken);
        if (!subscriber.Unlink(linkId))
        {
            return false;
        }

        await db.SaveChangesAsync(cancellationToken);
        return true;
    }
}
