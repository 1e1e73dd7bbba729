using Komis.Domain.Accounts;
using Komis.Domain.Billers;
using Komis.Domain.Common;
using Komis.Web.Data;
using Microsoft.EntityFrameworkCore;

namespace Komis.Web.Integrations.Billers;

/// <summary>
/// Asks an online biller for an account and stores the answer as Komis's last known data. When the biller
/// fails, nothing is changed and the caller shows the stored copy with its as-of time.
/// </summary>
public sealed class OnlineAccountRefresher(
    IServiceScopeFactory scopes,
    IServiceProvider services,
    ILogger<OnlineAccountRefresher> logger)
{
    private OnlineBillerClient? _client;

    // Made when a biller is first asked, not with every debt look-up that might ask one: a typed client is an
    // HttpClient and its handler chain from the factory, and most pages (every cabinet view whose billers are all
    // registry billers) ask none.
    private OnlineBillerClient Client => _client ??= services.GetRequiredService<OnlineBillerClient>();

    /// <summary>True when the biller answered (whether or not the account exists there).</summary>
    public async Task<bool> RefreshAsync(Biller biller, string accountNumber, CancellationToken cancellationToken)
    {
        Api.Contracts.AccountResponse? answer;
        try
        {
            answer = await Client.GetAccountAsync(biller, accountNumber, cancellationToken);
        }
        catch (OnlineBillerUnavailableException ex) when (ex.InnerException is Polly.CircuitBreaker.BrokenCircuitException)
        {
            // The circuit is open: the opening was logged once (as an error) and every view meanwhile would repeat it.
            logger.LogDebug("Online biller {Biller} skipped: circuit open", biller.Code);
            return false;
        }
        catch (OnlineBillerUnavailableException ex)
        {
            logger.LogWarning("Online biller {Biller} unavailable: {Reason}", biller.Code, ex.InnerException?.GetType().Name ?? "error answer");
            return false;
        }

        if (answer is null)
        {
            return true;
        }

        try
        {
            await StoreAsync(biller, accountNumber, answer, cancellationToken);
        }
        catch (Exception ex) when (ex is DomainException or DbUpdateException or ArgumentOutOfRangeException)
        {
            // The biller answered with data Komis cannot accept (or another request stored it first): keep what is stored.
            logger.LogWarning("Online biller {Biller} answer for an account not stored: {Reason}", biller.Code, ex.GetType().Name);
        }

        return true;
    }

    private async Task StoreAsync(Biller biller, string accountNumber, Api.Contracts.AccountResponse answer, CancellationToken cancellationToken)
    {
        var charges = answer.Charges
            .Select(c => BillingPeriod.TryParse(c.Period, out var period)
                ? new ChargeData(period, c.Amount, c.DueDate)
                : throw new DomainException("account.period", "The biller sent an invalid period."))
            .ToList();

        // A context of its own: the caller's context may be reading at the same time.
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<KomisDbContext>();
        var account = await db.BillerAccounts.Include(a => a.Charges)
            .SingleOrDefaultAsync(a => a.BillerId == biller.Id && a.AccountNumber == accountNumber, cancellationToken);
        if (account is null)
        {
            var tracked = await db.Billers.SingleAsync(b => b.Id == biller.Id, cancellationToken);
            db.BillerAccounts.Add(BillerAccount.Open(tracked, accountNumber, answer.HolderName, answer.Address, answer.HolderFin, answer.AsOf, charges));
        }
        else if (answer.AsOf >= account.AsOf)
        {
            account.ReplaceSnapshot(answer.HolderName, answer.Address, answer.HolderFin, answer.AsOf, charges);
        }

        await db.SaveChangesAsync(cancellationToken);
    }
}
