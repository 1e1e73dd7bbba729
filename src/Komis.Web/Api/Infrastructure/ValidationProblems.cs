using FluentValidation.Results;
using Microsoft.AspNetCore.Mvc;

namespace Komis.Web.Api.Infrastructure;

public static class ValidationProblems
{
    /// <summary>RFC 9457 validation problem with field paths in the JSON's own camelCase ("charges[0].amount").</summary>
    public static ValidationProblemDetails From(ValidationResult result) => new(
        result.Errors
            .GroupBy(e => CamelCasePath(e.PropertyName))
            .ToDictionary(g => g.Key, g => g.Select(e => e.ErrorMessage).Distinct().ToArray()))
    {
        Status = StatusCodes.Status400BadRequest,
        Title = "One or more fields are not valid.",
    };

    public static string CamelCasePath(string path) => string.Join('.', path.Split('.').Select(part =>
        part.Length == 0 ? part : char.ToLowerInvariant(part[0]) + part[1..]));
}
