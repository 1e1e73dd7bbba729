using System.Net;
using System.Text.Json;
using Komis.IntegrationTests.Infrastructure;

namespace Komis.IntegrationTests.Billers;

public sealed class ApiDocsTests(KomisAppFactory app) : IntegrationTest(app)
{
    [Fact]
    public async Task OpenApiDocument_DescribesEveryBillerEndpoint_AndOnlyThem()
    {
        using var client = App.CreateClient();

        using var doc = JsonDocument.Parse(await client.GetStringAsync("/openapi/v1.json"));

        var paths = doc.RootElement.GetProperty("paths");
        Assert.True(paths.GetProperty("/api/v1/accounts/{accountNumber}").TryGetProperty("put", out _));
        Assert.True(paths.GetProperty("/api/v1/accounts/{accountNumber}").TryGetProperty("get", out _));
        Assert.True(paths.GetProperty("/api/v1/registry").TryGetProperty("post", out _));
        Assert.True(paths.GetProperty("/api/v1/payments").TryGetProperty("get", out _));
        Assert.All(paths.EnumerateObject(), p => Assert.StartsWith("/api/v1/", p.Name));
        Assert.True(doc.RootElement.GetProperty("components").GetProperty("securitySchemes").TryGetProperty("bearer", out _));
        var registry = paths.GetProperty("/api/v1/registry").GetProperty("post");
        Assert.True(registry.GetProperty("requestBody").GetProperty("content").TryGetProperty("text/csv", out _));
        Assert.True(registry.GetProperty("responses").GetProperty("400").GetProperty("content").TryGetProperty("application/problem+json", out _));
        Assert.True(registry.GetProperty("responses").GetProperty("200").GetProperty("content").TryGetProperty("application/json", out _));
    }

    [Fact]
    public async Task ApiDocs_Renders()
    {
        using var client = App.CreateClient();

        var response = await client.GetAsync("/api/docs");
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("Komis biller API", html);
    }
}
