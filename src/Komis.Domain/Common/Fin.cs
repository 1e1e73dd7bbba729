namespace Komis.Domain.Common;

/// <summary>FIN (fərdi identifikasiya nömrəsi): 7 Latin letters and digits, never I or O. Personal data: never logged.</summary>
public static class Fin
{
    public const int Length = 7;

    public static string Normalize(string? input) => (input ?? "").Trim().ToUpperInvariant();

    public static bool IsValid(string? normalized) =>
        normalized is { Length: Length } && normalized.All(c => c is >= '0' and <= '9' || (c is >= 'A' and <= 'Z' && c is not ('I' or 'O')));
}
