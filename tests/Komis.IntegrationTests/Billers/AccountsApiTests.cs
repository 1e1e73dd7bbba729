using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Komis.IntegrationTests.Infrastructure;
using Komis.Web.Api.Contracts;

namespace Komis.IntegrationTests.Billers;

public sealed class AccountsApiTests(KomisAppFactory app) : IntegrationTest(app)
{
    private static readonly DateTimeOffset AsOf = new(2026, 11, 20, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Put_ThenGet_RoundTripsTheAccountWithChargesAndBalance()
    {
        using var client = await App.CreateBillerClientAsync("AZERIQAZ");

        var put = await client.PutAsJsonAsync("/api/v1/accounts/1002003004", new
        {
            holderName = "Əliyeva Günay Rauf qızı",
            address = "Gəncə, Atatürk pr. 12, m. 7",
            holderFin = "5hk2p7q",
            asOf = AsOf,
            charges = new[]
            {
                new { period = "2026-09", amount = 20.10m, dueDate = "2026-10-20" },
                new { period = "2026-10", amount = 15.25m, dueDate = "2026-11-20" },
            },
        });

        Assert.Equal(HttpStatusCode.Created, put.StatusCode);
        Assert.Equal("/api/v1/accounts/1002003004", put.Headers.Location?.OriginalString);
        var account = await client.GetFromJsonAsync<AccountResponse>("/api/v1/accounts/1002003004");
        Assert.NotNull(account);
        Assert.Equal("Əliyeva Günay Rauf qızı", account.HolderName);
        Assert.Equal("5HK2P7Q", account.HolderFin);
        Assert.Equal(AsOf, account.AsOf);
        Assert.Equal(["2026-09", "2026-10"], account.Charges.Select(c => c.Period));
        Assert.Equal(35.35m, account.Charged);
        Assert.Equal(35.35m, account.Balance);
        Assert.Equal(20.10m, account.Charges[0].Outstanding);
    }

    [Fact]
    public async Task Put_Again_ReplacesTheOpenCharges()
    {
        using var client = await App.CreateBillerClientAsync("AZERIQAZ");
        await PutAsync(client, AsOf, ("2026-09", 20m), ("2026-10", 15m));

        var second = await PutAsync(client, AsOf.AddDays(1), ("2026-10", 15m), ("2026-11", 9.99m));

        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        var account = await client.GetFromJsonAsync<AccountResponse>("/api/v1/accounts/1002003004");
        Assert.Equal(["2026-10", "2026-11"], account!.Charges.Select(c => c.Period));
        Assert.Equal(24.99m, account.Balance);
    }

    [Fact]
    public async Task Put_OlderSnapshot_Is409_AndChangesNothing()
    {
        using var client = await App.CreateBillerClientAsync("AZERIQAZ");
        await PutAsync(client, AsOf, ("2026-10", 15m));

        var stale = await PutAsync(client, AsOf.AddHours(-1), ("2026-10", 99m));

        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        var account = await client.GetFromJsonAsync<AccountResponse>("/api/v1/accounts/1002003004");
        Assert.Equal(15m, account!.Balance);
    }

    [Theory]
    [InlineData("{\"holderName\":\"\",\"address\":\"a\",\"asOf\":\"2026-11-20T08:00:00Z\",\"charges\":[]}", "holderName")]
    [InlineData("{\"holderName\":\"A\",\"address\":\"a\",\"asOf\":\"2026-11-20T08:00:00Z\",\"charges\":[{\"period\":\"2026-13\",\"amount\":1,\"dueDate\":\"2026-11-20\"}]}", "charges[0].period")]
    [InlineData("{\"holderName\":\"A\",\"address\":\"a\",\"asOf\":\"2026-11-20T08:00:00Z\",\"charges\":[{\"period\":\"2026-10\",\"amount\":-1,\"dueDate\":\"2026-11-20\"}]}", "charges[0].amount")]
    [InlineData("{\"holderName\":\"A\",\"address\":\"a\",\"asOf\":\"2026-11-20T08:00:00Z\",\"charges\":[{\"period\":\"2026-10\",\"amount\":1.005,\"dueDate\":\"2026-11-20\"}]}", "charges[0].amount")]
    [InlineData("{\"holderName\":\"A\",\"address\":\"a\",\"holderFin\":\"OOOOOOO\",\"asOf\":\"2026-11-20T08:00:00Z\",\"charges\":[]}", "holderFin")]
    [InlineData("{\"holderName\":\"A\",\"address\":\"a\",\"charges\":[]}", "asOf")]
    [InlineData("{\"holderName\":\"A\",\"address\":\"a\",\"asOf\":\"2026-11-20T08:00:00Z\",\"charges\":[{\"period\":\"2026-10\",\"amount\":1,\"dueDate\":\"2026-11-20\"},{\"period\":\"2026-10\",\"amount\":2,\"dueDate\":\"2026-11-20\"}]}", "charges")]
    public async Task Put_InvalidBody_Is400_NamingTheField(string json, string field)
    {
        using var client = await App.CreateBillerClientAsync("AZERIQAZ");

        var response = await client.PutAsync("/api/v1/accounts/1002003004", new StringContent(json, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.True(problem.RootElement.GetProperty("errors").TryGetProperty(field, out _), $"no error for '{field}': {problem.RootElement}");
        Assert.Equal(0, await App.WithDbAsync(db => Task.FromResult(db.BillerAccounts.Count())));
    }

    [Theory]
    [InlineData("{not json")]
    [InlineData("{\"holderName\":\"A\",\"address\":\"a\",\"asOf\":\"2026-11-20T08:00:00Z\",\"charges\":[{\"period\":\"2026-10\",\"amount\":\"abc\",\"dueDate\":\"2026-11-20\"}]}")]
    [InlineData("[]")]
    public async Task Put_MalformedJson_Is400_NotA500(string json)
    {
        using var client = await App.CreateBillerClientAsync("AZERIQAZ");

        var response = await client.PutAsync("/api/v1/accounts/1002003004", new StringContent(json, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Theory]
    [InlineData("12345")]
    [InlineData("ABCDEFGHIJ")]
    [InlineData("10020030041")]
    public async Task Put_AccountNumberOutsideTheBillersFormat_Is400(string accountNumber)
    {
        using var client = await App.CreateBillerClientAsync("AZERIQAZ");

        var response = await PutAsync(client, AsOf, accountNumber, ("2026-10", 1m));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("accountNumber", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Get_UnknownAccount_Is404ProblemDetails()
    {
        using var client = await App.CreateBillerClientAsync("AZERIQAZ");

        var response = await client.GetAsync("/api/v1/accounts/1999999999");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Payments_ListIsEmptyUntilPaymentsExist_AndValidatesItsParameters()
    {
        using var client = await App.CreateBillerClientAsync("AZERIQAZ");

        var page = await client.GetFromJsonAsync<PaymentPage>("/api/v1/payments?limit=10");
        var badLimit = await client.GetAsync("/api/v1/payments?limit=0");
        var badCursor = await client.GetAsync("/api/v1/payments?after=abc");

        Assert.Empty(page!.Items);
        Assert.Equal(HttpStatusCode.BadRequest, badLimit.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, badCursor.StatusCode);
    }

    [Fact]
    public async Task Put_WhileARegistryImportHoldsTheBiller_WaitsForIt_ThenApplies()
    {
        using var client = await App.CreateBillerClientAsync("AZERIQAZ");
        await using var import = new Npgsql.NpgsqlConnection(App.ConnectionString + ";Pooling=false");
        await import.OpenAsync();
        await using var transaction = await import.BeginTransactionAsync();
        // What a running import holds for its whole transaction.
        await using (var lockCommand = new Npgsql.NpgsqlCommand(
            $"SELECT pg_advisory_xact_lock({Komis.Web.Features.Registry.RegistryImport.LockSpace}, (SELECT id FROM billers WHERE code = 'AZERIQAZ'))",
            import, transaction))
        {
            await lockCommand.ExecuteNonQueryAsync();
        }

        var put = PutAsync(client, AsOf, ("2026-10", 15m));
        await Task.WhenAny(put, Task.Delay(TimeSpan.FromSeconds(1.5)));
        Assert.False(put.IsCompleted); // it waits for the import's transaction

        await transaction.CommitAsync();
        var response = await put.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var account = await client.GetFromJsonAsync<AccountResponse>("/api/v1/accounts/1002003004");
        Assert.Equal(15m, account!.Balance);
    }

    private static Task<HttpResponseMessage> PutAsync(HttpClient client, DateTimeOffset asOf, params (string Period, decimal Amount)[] charges) =>
        PutAsync(client, asOf, "1002003004", charges);

    private static Task<HttpResponseMessage> PutAsync(HttpClient client, DateTimeOffset asOf, string accountNumber, params (string Period, decimal Amount)[] charges) =>
        client.PutAsJsonAsync($"/api/v1/accounts/{accountNumber}", new
        {
            holderName = "Quliyev Tural",
            address = "Sumqayıt, 5-ci mkr. 3",
            asOf,
            charges = charges.Select(c => new { period = c.Period, amount = c.Amount, dueDate = "2026-12-20" }),
        });
}
