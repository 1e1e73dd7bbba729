using System.Diagnostics;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using Komis.Web.Data;
using Komis.Web.Data.Outbox;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Npgsql;

namespace Komis.Web.Outbox;

/// <summary>"Komis:Outbox".</summary>
public sealed class OutboxOptions
{
    public const string Section = "Komis:Outbox";

    public bool Enabled { get; set; } = true;

    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    public int BatchSize { get; set; } = 50;

    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The first retry waits this long; each next one twice as long, up to <see cref="MaxDelay"/>. Retries never stop.</summary>
    public TimeSpan BaseDelay { get; set; } = TimeSpan.FromSeconds(5);

    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromHours(1);
}

/// <summary>
/// Delivers the outbox to the billers' webhooks. A biller's messages go in order, one dispatcher at a time per biller
/// (a transaction-scoped advisory lock), the rows claimed with FOR UPDATE SKIP LOCKED; so several app instances never
/// send the same message at once, and a failing biller holds up only its own queue. Each request carries the payment
/// id as idempotency key and an HMAC signature; failures are retried with exponential back-off, forever.
/// </summary>
public sealed class OutboxDispatcher(
    IServiceScopeFactory scopes,
    IHttpClientFactory clients,
    IDataProtectionProvider protection,
    IOptions<OutboxOptions> options,
    TimeProvider clock,
    ILogger<OutboxDispatcher> logger) : BackgroundService
{
    public const string WebhookClient = "biller-webhooks";
    public const string SecretPurpose = "Komis.BillerWebhookSecret.v1";
    private const int AdvisoryLockSpace = 7411;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.Enabled)
        {
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            var sent = 0;
            try
            {
                sent = await DispatchOnceAsync(stoppingToken);
            }
            catch (Exception ex) when (DatabaseRounds.IsRetryable(ex) && !stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning("Outbox dispatch round failed: {Reason}", ex.GetType().Name);
            }

            if (sent == 0)
            {
                await Task.Delay(options.Value.PollInterval, clock, stoppingToken);
            }
        }
    }

    /// <summary>One round over every biller with due messages; returns how many were delivered.</summary>
    public async Task<int> DispatchOnceAsync(CancellationToken cancellationToken)
    {
        List<int> billers;
        await using (var scope = scopes.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<KomisDbContext>();
            var now = clock.GetUtcNow();
            // A biller's queue goes in order, so a biller is due when its oldest undelivered message is: the first entry
            // of its range of the undelivered index, (biller, 0) to (biller + 1, 0) (ids start at 1), one descent per
            // webhook biller. Written as a range, not "biller_id = x ORDER BY id", so that no plan but that index gives
            // the order (PostgreSQL otherwise may walk the primary key through every other biller's rows when it
            // misjudges this one's share). Asked as "any due message of any webhook biller" (until 2026-12-01), it
            // scanned every undelivered row each second, pull billers' unacknowledged payments included (128 ms and
            // two parallel workers with 286,216 of them).
            billers = await db.Database.SqlQuery<int>($"""
                SELECT b.id AS "Value"
                FROM billers AS b
                CROSS JOIN LATERAL (
                    SELECT m.next_attempt_at FROM outbox_messages AS m
                    WHERE (m.biller_id, m.id) > (b.id, 0) AND (m.biller_id, m.id) < (b.id + 1, 0) AND m.delivered_at IS NULL
                    ORDER BY m.biller_id, m.id
                    LIMIT 1) AS oldest
                WHERE b.webhook_url IS NOT NULL AND oldest.next_attempt_at <= {now}
                ORDER BY b.id
                LIMIT 100
                """).ToListAsync(cancellationToken);
        }

        var delivered = 0;
        foreach (var billerId in billers)
        {
            delivered += await DispatchBillerAsync(billerId, cancellationToken);
        }

        return delivered;
    }

    private async Task<int> DispatchBillerAsync(int billerId, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<KomisDbContext>();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var locked = await db.Database.SqlQuery<bool>($"SELECT pg_try_advisory_xact_lock({AdvisoryLockSpace}, {billerId}) AS \"Value\"").SingleAsync(cancellationToken);
        if (!locked)
        {
            return 0; // another dispatcher is on this biller right now
        }

        var biller = await db.Billers.AsNoTracking().SingleAsync(b => b.Id == billerId, cancellationToken);
        if (biller.WebhookUrl is null || biller.WebhookSecretProtected is null)
        {
            return 0;
        }

        var secret = protection.CreateProtector(SecretPurpose).Unprotect(biller.WebhookSecretProtected);
        var batch = options.Value.BatchSize;
        // The biller's range of the undelivered index, oldest first (as in DispatchOnceAsync).
        var messages = await db.OutboxMessages
            .FromSql($"""
                SELECT * FROM outbox_messages
                WHERE (biller_id, id) > ({billerId}, 0) AND (biller_id, id) < ({billerId + 1}, 0) AND delivered_at IS NULL
                ORDER BY biller_id, id
                LIMIT {batch}
                FOR UPDATE SKIP LOCKED
                """)
            .ToListAsync(cancellationToken);
        var delivered = 0;
        foreach (var message in messages.OrderBy(m => m.Id))
        {
            var now = clock.GetUtcNow();
            if (message.NextAttemptAt > now)
            {
                break; // the oldest waits for its retry; the later ones wait behind it, in order
            }

            var (ok, error) = await SendAsync(biller.WebhookUrl, secret, message, cancellationToken);
            if (ok)
            {
                message.MarkDelivered(clock.GetUtcNow(), "webhook");
                delivered++;
            }
            else
            {
                var attempts = message.Attempts + 1;
                var delay = TimeSpan.FromTicks(Math.Min(options.Value.MaxDelay.Ticks, options.Value.BaseDelay.Ticks * (1L << Math.Min(attempts - 1, 30))));
                delay += TimeSpan.FromMilliseconds(Random.Shared.Next(0, (int)Math.Min(1000, delay.TotalMilliseconds / 10 + 1)));
                message.ScheduleRetry(now + delay, error);
                logger.LogWarning("Webhook to biller {Biller} failed (message {MessageId}, attempt {Attempts}): {Error}; next in {Delay}",
                    biller.Code, message.Id, attempts, error, delay);
                await db.SaveChangesAsync(cancellationToken);
                break;
            }

            await db.SaveChangesAsync(cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        return delivered;
    }

    private async Task<(bool Ok, string Error)> SendAsync(string url, string secret, OutboxMessage message, CancellationToken cancellationToken)
    {
        var timestamp = clock.GetUtcNow().ToUnixTimeSeconds().ToString(System.Globalization.CultureInfo.InvariantCulture);
        var signature = Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), Encoding.UTF8.GetBytes(timestamp + "." + message.Payload)));
        using var request = new HttpRequestMessage(HttpMethod.Post, url)
        {
            Content = new StringContent(message.Payload, Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("Idempotency-Key", message.Kind == OutboxKind.PaymentPaid ? message.PaymentId.ToString() : $"{message.PaymentId}:reversed");
        request.Headers.Add("X-Komis-Event", message.Kind == OutboxKind.PaymentPaid ? "payment.paid" : "payment.reversed");
        request.Headers.Add("X-Komis-Delivery", message.Id.ToString(System.Globalization.CultureInfo.InvariantCulture));
        request.Headers.Add("X-Komis-Signature", $"t={timestamp},v1={signature}");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.Value.AttemptTimeout);
        var watch = Stopwatch.StartNew();
        try
        {
            using var response = await clients.CreateClient(WebhookClient).SendAsync(request, timeout.Token);
            return response.IsSuccessStatusCode ? (true, "") : (false, $"HTTP {(int)response.StatusCode}");
        }
        catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return (false, ex is OperationCanceledException ? $"timeout after {watch.Elapsed.TotalSeconds:0.0}s" : ex.GetType().Name);
        }
    }

    /// <summary>A new random webhook secret and its protected form for the database.</summary>
    public static (string Secret, string Protected) NewSecret(IDataProtectionProvider protection)
    {
        var secret = "whsec_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));
        return (secret, protection.CreateProtector(SecretPurpose).Protect(secret));
    }
}
