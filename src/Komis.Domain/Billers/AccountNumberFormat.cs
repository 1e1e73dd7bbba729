using System.Text.RegularExpressions;
using Komis.Domain.Common;

namespace Komis.Domain.Billers;

/// <summary>
/// How a biller's account numbers look: a regular expression (anchored), a description for people, an example.
/// Input is normalized (spaces removed, upper-cased) before it is matched.
/// </summary>
public sealed class AccountNumberFormat
{
    public const int MaxLength = 34;
    public const int PatternMaxLength = 200;

    private static readonly TimeSpan MatchTimeout = TimeSpan.FromMilliseconds(100);

    private Regex? _regex;

    private AccountNumberFormat()
    {
        Pattern = "";
        Description = null!;
        Example = "";
    }

    public AccountNumberFormat(string pattern, LocalizedText description, string example)
    {
        if (string.IsNullOrWhiteSpace(pattern) || pattern.Length > PatternMaxLength || !pattern.StartsWith('^') || !pattern.EndsWith('$'))
        {
            throw new DomainException("biller.format-pattern", "The account pattern must be an anchored regular expression (^...$).");
        }

        try
        {
            _ = new Regex(pattern, RegexOptions.CultureInvariant, MatchTimeout);
        }
        catch (ArgumentException)
        {
            throw new DomainException("biller.format-pattern", "The account pattern is not a valid regular expression.");
        }

        Pattern = pattern;
        Description = description;
        Example = example;
        if (!IsValid(example))
        {
            throw new DomainException("biller.format-example", "The example does not match the account pattern.");
        }
    }

    public string Pattern { get; private init; }

    public LocalizedText Description { get; private init; }

    public string Example { get; private init; }

    /// <summary>Removes spaces (people type "10 0200 3004") and upper-cases letters.</summary>
    public static string Normalize(string? input) =>
        string.Concat((input ?? "").Where(c => !char.IsWhiteSpace(c))).ToUpperInvariant();

    public bool IsValid(string? normalized)
    {
        if (string.IsNullOrEmpty(normalized) || normalized.Length > MaxLength)
        {
            return false;
        }

        _regex ??= new Regex(Pattern, RegexOptions.CultureInvariant, MatchTimeout);
        try
        {
            return _regex.IsMatch(normalized);
        }
        catch (RegexMatchTimeoutException)
        {
            return false;
        }
    }
}
