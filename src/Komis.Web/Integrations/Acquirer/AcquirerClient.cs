using System.Net.Http.Headers;
using System.Net.Http.Json;
using Komis.Domain.Common;
using Microsoft.Extensions.Options;

namespace Komis.Web.Integrations.Acquirer;

public class AcquirerUnavailableException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>The acquirer does not know the order (its registration never reached it).</summary>
public sealed class AcquirerOrderNotFoundException() : AcquirerUnavailableException("The acquirer does not know the order.");

/// <summary>The card acquirer over HTTP: register an order (get the hosted payment page), read its status, cancel it.</summary>
public sealed class AcquirerClient(HttpClient http, IOptions<AcquirerOptions> options)
{
    private AcquirerOptions O => options.Value;

    public async Task<string> RegisterOrderAsync(Guid orderId, decimal total, string description, string returnUrl, CancellationToken cancellationToken)
    {
        var amount = AcquirerSignature.FormatAmount(total);
        var request = new AcquirerOrderRequest(orderId, amount, Money.Currency, description, returnUrl,
            O.CallbackBaseUrl!.TrimEnd('/') + "/odenis/acquirer/callback",
            AcquirerSignature.ForOrder(O.Secret!, orderId, amount, Money.Currency));
        var answer = await SendAsync<AcquirerOrderResponse>(HttpMethod.Post, "orders", request, cancellationToken);
        return answer.PaymentUrl;
    }

    public Task<AcquirerOrderStatus> GetStatusAsync(Guid orderId, CancellationToken cancellationToken) =>
        SendAsync<AcquirerOrderStatus>(HttpMethod.Get, $"orders/{orderId:N}", null, cancellationToken);

    public Task<AcquirerOrderStatus> CancelAsync(Guid orderId, CancellationToken cancellationToken) =>
        SendAsync<AcquirerOrderStatus>(HttpMethod.Post, $"orders/{orderId:N}/cancel", null, cancellationToken);

    private async Task<T> SendAsync<T>(HttpMethod method, string path, object? body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, O.BaseUrl!.TrimEnd('/') + "/" + path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", O.Secret);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(O.Timeout);
        try
        {
            using var response = await http.SendAsync(request, timeout.Token);
            if (response.StatusCode == System.Net.HttpStatusCode.NotFound)
            {
                throw new AcquirerOrderNotFoundException();
            }

            if (!response.IsSuccessStatusCode)
            {
                throw new AcquirerUnavailableException($"The acquirer answered {(int)response.StatusCode}.");
            }

            return await response.Content.ReadFromJsonAsync<T>(timeout.Token) ?? throw new AcquirerUnavailableException("Empty answer.");
        }
        catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException or System.Text.Json.JsonException && !cancellationToken.IsCancellationRequested)
        {
            throw new AcquirerUnavailableException("The acquirer did not answer.", ex);
        }
    }
}
