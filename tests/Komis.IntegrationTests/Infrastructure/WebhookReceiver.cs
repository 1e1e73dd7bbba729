using System.Collections.Concurrent;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Komis.IntegrationTests.Infrastructure;

/// <summary>
/// A biller's webhook endpoint: a real HTTP server on a loopback port. It checks the signature, fails the first
/// <see cref="FailFirst"/> requests with 503 (or all of them while <see cref="Down"/>), and keeps what it accepted:
/// a duplicate idempotency key is accepted again (as a real biller would) but counted.
/// </summary>
public sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _failuresLeft;

    private WebhookReceiver(WebApplication app) => _app = app;

    public string Url { get; private set; } = "";

    public string Secret { get; set; } = "";

    public int FailFirst
    {
        set => _failuresLeft = value;
    }

    public volatile bool Down;

    public ConcurrentQueue<(string Key, string Event, string Body)> Accepted { get; } = new();

    public int Attempts => _attempts;

    public int BadSignatures => _badSignatures;

    private int _attempts;
    private int _badSignatures;

    public static async Task<WebhookReceiver> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var receiver = new WebhookReceiver(app);
        app.MapPost("/hook", async (HttpContext context) =>
        {
            Interlocked.Increment(ref receiver._attempts);
            using var reader = new StreamReader(context.Request.Body, Encoding.UTF8);
            var body = await reader.ReadToEndAsync();
            if (receiver.Down || Interlocked.Decrement(ref receiver._failuresLeft) >= 0)
            {
                return Results.StatusCode(503);
            }

            var signature = context.Request.Headers["X-Komis-Signature"].ToString();
            var parts = signature.Split(',').Select(p => p.Split('=', 2)).ToDictionary(p => p[0], p => p.Length > 1 ? p[1] : "");
            var expected = Convert.ToHexStringLower(HMACSHA256.HashData(Encoding.UTF8.GetBytes(receiver.Secret), Encoding.UTF8.GetBytes(parts.GetValueOrDefault("t") + "." + body)));
            if (parts.GetValueOrDefault("v1") != expected)
            {
                Interlocked.Increment(ref receiver._badSignatures);
                return Results.StatusCode(401);
            }

            receiver.Accepted.Enqueue((context.Request.Headers["Idempotency-Key"].ToString(), context.Request.Headers["X-Komis-Event"].ToString(), body));
            return Results.Ok();
        });
        await app.StartAsync();
        receiver.Url = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First() + "/hook";
        return receiver;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
