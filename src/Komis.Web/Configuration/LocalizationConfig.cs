using System.Globalization;
using Microsoft.AspNetCore.Localization;
using Microsoft.Extensions.Localization;

namespace Komis.Web.Configuration;

public static class LocalizationConfig
{
    /// <summary>Azerbaijani first; the order is the order of the language switcher.</summary>
    public static readonly IReadOnlyList<string> Cultures = ["az", "ru", "en"];

    public const string DefaultCulture = "az";

    public static IServiceCollection AddKomisLocalization(this IServiceCollection services)
    {
        services.AddLocalization(options => options.ResourcesPath = "Resources");
        services.AddSingleton<IStringLocalizer<SharedResource>, SharedStringLocalizer>();
        services.Configure<RequestLocalizationOptions>(options =>
        {
            var cultures = Cultures.Select(c => new CultureInfo(c)).ToList();
            options.DefaultRequestCulture = new RequestCulture(DefaultCulture);
            options.SupportedCultures = cultures;
            options.SupportedUICultures = cultures;
            // Only the visitor's explicit choice counts; a browser's Accept-Language does not override Azerbaijani.
            options.RequestCultureProviders = [new CookieRequestCultureProvider()];
        });
        return services;
    }
}
