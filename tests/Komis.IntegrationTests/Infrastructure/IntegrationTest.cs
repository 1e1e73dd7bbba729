namespace Komis.IntegrationTests.Infrastructure;

/// <summary>Base for tests against the shared app: every test starts from empty tables.</summary>
[Collection(AppCollection.Name)]
public abstract class IntegrationTest(KomisAppFactory app) : IAsyncLifetime
{
    protected KomisAppFactory App { get; } = app;

    public virtual Task InitializeAsync() => App.ResetAsync();

    public virtual Task DisposeAsync() => Task.CompletedTask;
}
