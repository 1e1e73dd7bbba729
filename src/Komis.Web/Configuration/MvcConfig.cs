using System.Text.Encodings.Web;
using System.Text.Unicode;
using FluentValidation;
using Komis.Web.Configuration.Security;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.WebEncoders;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace Komis.Web.Configuration;

public static class MvcConfig
{
    public static IServiceCollection AddKomisMvc(this IServiceCollection services)
    {
        services
            .AddControllersWithViews(options =>
            {
                options.Filters.Add(new AutoValidateAntiforgeryTokenAttribute());
                options.Conventions.Add(new HeadLikeGetConvention());
                // Binding errors never repeat what was sent: a reflected value is a place for injected markup.
                var messages = options.ModelBindingMessageProvider;
                messages.SetAttemptedValueIsInvalidAccessor((_, field) => $"The value of '{field}' is not valid.");
                messages.SetValueIsInvalidAccessor(_ => "The value is not valid.");
                messages.SetNonPropertyAttemptedValueIsInvalidAccessor(_ => "The value is not valid.");
                messages.SetUnknownValueIsInvalidAccessor(field => $"The value of '{field}' is not valid.");
                messages.SetValueMustNotBeNullAccessor(_ => "A value is required.");
            })
            // A JSON parse error says where the body is wrong, never what it said (the parser's message quotes the input).
            .AddJsonOptions(options => options.AllowInputFormatterExceptionMessages = false)
            // No view localization: views read the shared strings (IStringLocalizer<SharedResource>) and there are no
            // per-language view files, so its view location expander only added the culture to every view look-up.
            .AddDataAnnotationsLocalization(options =>
                options.DataAnnotationLocalizerProvider = (_, factory) => factory.Create(typeof(SharedResource)));

        services.AddOptions<SecurityOptions>().BindConfiguration(SecurityOptions.Section);
        services.AddAntiforgery(options => options.FormFieldName = "__RequestVerificationToken");
        services.AddOptions<AntiforgeryOptions>().Configure<IOptions<SecurityOptions>>((options, security) =>
            CookieSecurity.Apply(options.Cookie, "komis-af", security.Value.SecureCookies, SameSiteMode.Strict));
        services.AddOptions<CookieTempDataProviderOptions>().Configure<IOptions<SecurityOptions>>((options, security) =>
            CookieSecurity.Apply(options.Cookie, "komis-flash", security.Value.SecureCookies, SameSiteMode.Lax));
        services.AddSingleton<CookieTempDataProvider>();
        services.Replace(ServiceDescriptor.Singleton<ITempDataProvider, FlashCookieTempDataProvider>());

        // Azerbaijani and Russian letters go into pages as they are, not as &#x...; entities.
        services.Configure<WebEncoderOptions>(options =>
            options.TextEncoderSettings = new TextEncoderSettings(UnicodeRanges.All));

        services.AddProblemDetails();
        services.AddExceptionHandler<ApiDatabaseUnavailableHandler>();
        services.AddValidatorsFromAssemblyContaining<Program>(includeInternalTypes: true);
        return services;
    }
}
