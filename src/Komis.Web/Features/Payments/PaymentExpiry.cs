using Komis.Domain.Payments;
using Komis.Web.Data;
using Komis.Web.Integrations.Acquirer;
using Microsoft.EntityFrameworkCore;

namespace Komis.Web.Features.Payments;

/// <summary>
/// Closes card orders not completed in time. Before expiring one it asks the acquirer: an approval whose callback was
/// lost is booked as paid, a decline as declined; anything else is cancelled at the acquirer and expired.
/// </summary>
public sealed class PaymentExpiry(IServiceScopeFactory scopes, TimeProvider clock, Microsoft.Extensions.Options.IOptions<PaymentOptions> options, ILogger<PaymentExpiry> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(30);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.ExpiryEnabled)
        {
            return;
        }

        await DatabaseRounds.RepeatAsync(Interval, clock, logger, "Payment expiry", RunOnceAsync, stoppingToken);
    }

    /// <summary>Handles the orders due now; returns how many were closed.</summary>
    public async Task<int> RunOnceAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<KomisDbContext>();
        var posting = scope.ServiceProvider.GetRequiredService<PaymentPosting>();
        var acquirer = scope.ServiceProvider.GetRequiredService<AcquirerClient>();
        var now = clock.GetUtcNow();
        var due = await db.PaymentOrders.AsNoTracking()
            .Where(o => o.Status == PaymentStatus.Pending && o.Channel == PaymentChannel.Internet && o.ExpiresAt <= now)
            .OrderBy(o => o.ExpiresAt).Select(o => o.Id).Take(100).ToListAsync(cancellationToken);
        var closed = 0;
        foreach (var orderId in due)
        {
            try
            {
                var status = await acquirer.GetStatusAsync(orderId, cancellationToken);
                var result = status.Status switch
                {
                    "approved" => await posting.MarkPaidAsync(orderId, status.Reference, LedgerAccounts.AcquirerClearing, cancellationToken),
                    "declined" => await posting.DeclineAsync(orderId, status.Reference, cancellationToken),
                    _ => await CancelThenExpireAsync(orderId),
                };
                closed += result == PostingStatus.Done ? 1 : 0;
            }
            catch (AcquirerOrderNotFoundException)
            {
                // The acquirer never saw the order (its registration failed): nothing was charged.
                closed += await posting.ExpireAsync(orderId, cancellationToken) == PostingStatus.Done ? 1 : 0;
            }
            catch (AcquirerUnavailableException ex)
            {
                logger.LogWarning("Order {OrderId} not expired yet: the acquirer did not answer ({Reason})", orderId, ex.Message);
            }
        }

        return closed;

        async Task<PostingStatus> CancelThenExpireAsync(Guid orderId)
        {
            var cancelled = await acquirer.CancelAsync(orderId, cancellationToken);
            return cancelled.Status switch
            {
                "approved" => await posting.MarkPaidAsync(orderId, cancelled.Reference, LedgerAccounts.AcquirerClearing, cancellationToken),
                "declined" => await posting.DeclineAsync(orderId, cancelled.Reference, cancellationToken),
                _ => await posting.ExpireAsync(orderId, cancellationToken),
            };
        }
    }
}
