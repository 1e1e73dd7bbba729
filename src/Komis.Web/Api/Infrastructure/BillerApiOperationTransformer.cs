using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace Komis.Web.Api.Infrastructure;

/// <summary>
/// Makes the OpenAPI document say what the API really does: JSON answers (problem+json for errors),
/// and the registry's CSV request body, which the action reads as a stream rather than a bound parameter.
/// </summary>
internal sealed class BillerApiOperationTransformer : IOpenApiOperationTransformer
{
    public Task TransformAsync(OpenApiOperation operation, OpenApiOperationTransformerContext context, CancellationToken cancellationToken)
    {
        foreach (var (status, response) in operation.Responses ?? [])
        {
            if (response is not OpenApiResponse { Content: { } content } concrete)
            {
                continue;
            }

            var schema = content.Values.FirstOrDefault()?.Schema;
            var mediaType = status.StartsWith('4') || status.StartsWith('5') ? "application/problem+json" : "application/json";
            concrete.Content = new Dictionary<string, OpenApiMediaType> { [mediaType] = new() { Schema = schema } };
        }

        if (context.Description.RelativePath == "api/v1/registry" && context.Description.HttpMethod == "POST")
        {
            operation.RequestBody = new OpenApiRequestBody
            {
                Required = true,
                Description = "UTF-8 CSV (with or without BOM, LF or CRLF) with the header " +
                              "`account,holder_name,address,holder_fin,period,amount,due_date`; amounts use a point (12.50), " +
                              "periods are YYYY-MM and dates YYYY-MM-DD. Empty period, amount and due date list an account that owes nothing.",
                Content = new Dictionary<string, OpenApiMediaType>
                {
                    ["text/csv"] = new() { Schema = new OpenApiSchema { Type = JsonSchemaType.String } },
                },
            };
        }

        return Task.CompletedTask;
    }
}
