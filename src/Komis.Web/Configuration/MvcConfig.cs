using System.Text.Encodings.Web;
using System.Text.Unicode;
using FluentValidation;
using Komis.Web.Configuration.Security;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.WebEncoders;
using Microsoft.AspNetCore.Mvc;

namespace Komis.Web.Configuration;

public static class MvcConfig
{
    public static IServiceCollection AddKomisMvc(this IServiceCollection services)
    {
        services
            .AddControllersWithViews(options => options.Filters.Add(new AutoValidateAntiforgeryTokenAttribute()))
            .AddViewLocalization()
            .AddDataAnnotationsLocalization(options =>
                options.DataAnnotationLocalizerProvider = (_, factory) => factory.Create(typeof(SharedResource)));

        services.AddOptions<SecurityOptions>().BindConfiguration(SecurityOptions.Section);
        services.AddAntiforgery(options => options.FormFieldName = "__RequestVerificationToken");
        services.AddOptions<AntiforgeryOptions>().Configure<IOptions<SecurityOptions>>((options, security) =>
            CookieSecurity.Apply(options.Cookie, "komis-af", security.Value.SecureCookies, SameSiteMode.Strict));

        // Azerbaijani and Russian letters go into pages as they are, not as &#x...; entities.
        services.Configure<WebEncoderOptions>(options =>
            options.TextEncoderSettings = new TextEncoderSettings(UnicodeRanges.All));

        services.AddProblemDetails();
        services.AddValidatorsFromAssemblyContaining<Program>(includeInternalTypes: true);
        return services;
    }
}
