using System.Buffers;
using System.Text.RegularExpressions;
using Komis.Domain.Common;

namespace Komis.Domain.Billers;

/// <summary>
/// How a biller's account numbers look: a regular expression (anchored), a description for people, an example.
/// Input is normalized (spaces removed, upper-cased) before it is matched.
/// </summary>
/// <remarks>
/// Patterns run on .NET's non-backtracking engine: matching takes time linear in the input whatever an operator types,
/// so no pattern can hang a request and no match needs a timeout. A timeout was the guard before, and on a busy
/// machine it fired on a plain <c>^\d{10}$</c>, turning a valid number (or a catalogue example) into "invalid".
/// Constructs that engine lacks (look-arounds, back-references, atomic groups) are refused when a format is set; a
/// format stored before that rule is still matched, by the backtracking engine under a generous timeout.
/// </remarks>
public sealed class AccountNumberFormat
{
    public const int MaxLength = 34;
    public const int PatternMaxLength = 200;

    private const RegexOptions Options = RegexOptions.CultureInvariant;

    /// <summary>Only for a stored pattern the non-backtracking engine cannot run (see remarks).</summary>
    private static readonly TimeSpan LegacyMatchTimeout = TimeSpan.FromSeconds(2);

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
            _regex = Linear(pattern);
        }
        catch (ArgumentException)
        {
            throw new DomainException("biller.format-pattern", "The account pattern is not a valid regular expression.");
        }
        catch (NotSupportedException)
        {
            throw new DomainException("biller.format-pattern", "The account pattern uses look-arounds, back-references or atomic groups, which are not allowed.");
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

    /// <summary>Printable ASCII other than the space: the only characters an account number has.</summary>
    private static readonly string PrintableAsciiChars = string.Concat(Enumerable.Range('!', '~' - '!' + 1).Select(c => (char)c));

    private static readonly SearchValues<char> PrintableAscii = SearchValues.Create(PrintableAsciiChars);

    /// <summary>Printable ASCII other than the space and lower-case letters: what <see cref="Normalize"/> leaves as it is.</summary>
    private static readonly SearchValues<char> Unchanged = SearchValues.Create(string.Concat(PrintableAsciiChars.Where(c => !char.IsAsciiLetterLower(c))));

    /// <summary>Removes spaces (people type "10 0200 3004") and upper-cases letters.</summary>
    public static string Normalize(string? input)
    {
        if (string.IsNullOrEmpty(input))
        {
            return "";
        }

        // A registry normalizes a million numbers, nearly all already plain: those are returned as they are.
        if (!input.AsSpan().ContainsAnyExcept(Unchanged))
        {
            return input;
        }

        return string.Concat(input.Where(c => !char.IsWhiteSpace(c))).ToUpperInvariant();
    }

    /// <summary>
    /// An account number is printable ASCII. Checked before the pattern: a format's <c>\d</c> or <c>\w</c> would
    /// otherwise take Arabic-Indic, full-width or other Unicode digits and letters as well.
    /// </summary>
    public bool IsValid(string? normalized)
    {
        if (string.IsNullOrEmpty(normalized) || normalized.Length > MaxLength || normalized.AsSpan().ContainsAnyExcept(PrintableAscii))
        {
            return false;
        }

        _regex ??= Compile(Pattern);
        try
        {
            return _regex.IsMatch(normalized);
        }
        catch (RegexMatchTimeoutException)
        {
            return false;
        }
    }

    private static Regex Linear(string pattern) => new(pattern, Options | RegexOptions.NonBacktracking);

    private static Regex Compile(string pattern)
    {
        try
        {
            return Linear(pattern);
        }
        catch (NotSupportedException)
        {
            return new Regex(pattern, Options, LegacyMatchTimeout);
        }
    }
}
