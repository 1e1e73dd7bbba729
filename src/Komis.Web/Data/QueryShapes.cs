using System.Linq.Expressions;

namespace Komis.Web.Data;

/// <summary>
/// Puts one query expression inside another before EF Core sees it, so a shape shared by several queries (the debts'
/// rows) can also be part of compiled queries, which EF Core translates once instead of on every call.
/// </summary>
public static class QueryShapes
{
    /// <summary>The body of <paramref name="shape"/> with each of its parameters replaced by the matching argument.</summary>
    public static Expression Apply(LambdaExpression shape, params Expression[] arguments)
    {
        if (arguments.Length != shape.Parameters.Count)
        {
            throw new ArgumentException($"The shape takes {shape.Parameters.Count} argument(s), not {arguments.Length}.", nameof(arguments));
        }

        return new Substitution(shape.Parameters, arguments).Visit(shape.Body);
    }

    private sealed class Substitution(IReadOnlyList<ParameterExpression> parameters, IReadOnlyList<Expression> arguments) : ExpressionVisitor
    {
        protected override Expression VisitParameter(ParameterExpression node)
        {
            for (var i = 0; i < parameters.Count; i++)
            {
                if (parameters[i] == node)
                {
                    return arguments[i];
                }
            }

            return node;
        }
    }
}
