using Microsoft.Extensions.DependencyInjection;

namespace Komis.IntegrationTests.Infrastructure;

/// <summary>Base for tests against the shared app: every test starts from empty tables.</summary>
[Collection(AppCollection.Name)]
public abstract class IntegrationTest(KomisAppFactory app) : IAsyncLifetime
{
    protected KomisAppFactory App { get; } = app;

    public virtual Task InitializeAsync() => App.ResetAsync();

    /// <summary>After every test the books balance: in total, per journal, per payment, and every paid payment is booked.</summary>
    public virtual async Task DisposeAsync()
    {
        await using var scope = App.Services.CreateAsyncScope();
        var balance = await scope.ServiceProvider.GetRequiredService<Komis.Web.Features.Payments.LedgerCheck>().RunAsync();
        Assert.True(balance.Balanced, $"ledger not balanced after the test: {balance}");
    }
}
