namespace Komis.Web.Configuration;

/// <summary>Wrapping a service that a library registers, keeping what the library made inside the wrapper.</summary>
internal static class ServiceDecoration
{
    /// <summary>
    /// Replaces the last registration of <typeparamref name="TService"/> (the one the container resolves) by a singleton
    /// made by <paramref name="decorate"/> around what that registration would have made.
    /// </summary>
    public static IServiceCollection DecorateSingleton<TService>(
        this IServiceCollection services, Func<IServiceProvider, TService, TService> decorate)
        where TService : class
    {
        var inner = services.Last(d => d.ServiceType == typeof(TService));
        services.Remove(inner);
        services.AddSingleton(sp => decorate(sp, (TService)(inner.ImplementationInstance
            ?? inner.ImplementationFactory?.Invoke(sp)
            ?? ActivatorUtilities.CreateInstance(sp, inner.ImplementationType!))));
        return services;
    }
}
