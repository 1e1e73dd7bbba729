using Microsoft.OpenApi;

namespace Komis.Web.Configuration;

public static class ApiConfig
{
    /// <summary>The OpenAPI document of the biller API (only /api routes) with its bearer-key security scheme.</summary>
    public static IServiceCollection AddKomisApi(this IServiceCollection services)
    {
        services.AddOpenApi("v1", options =>
        {
            options.ShouldInclude = description => description.RelativePath?.StartsWith("api/", StringComparison.Ordinal) == true;
            options.AddOperationTransformer<Api.Infrastructure.BillerApiOperationTransformer>();
            options.AddDocumentTransformer((document, _, _) =>
            {
                document.Info = new OpenApiInfo
                {
                    Title = "Komis biller API",
                    Version = "v1",
                    Description = "How billers keep their accounts and debts current in Komis and learn of payments. " +
                                  "Authenticate with `Authorization: Bearer <key>`; a key reaches only its own biller's data.",
                };
                document.Components ??= new OpenApiComponents();
                document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
                document.Components.SecuritySchemes["bearer"] = new OpenApiSecurityScheme
                {
                    Type = SecuritySchemeType.Http,
                    Scheme = "bearer",
                    Description = "The biller's API key, issued with `billers issue-key CODE`.",
                };
                document.Security = [new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference("bearer", document)] = [] }];
                return Task.CompletedTask;
            });
        });
        return services;
    }

    public static WebApplication MapKomisApiDocs(this WebApplication app)
    {
        // The reference page itself is ApiDocsController (/api/docs), drawn by the vendored Scalar bundle.
        app.MapOpenApi("/openapi/{documentName}.json");
        return app;
    }
}
