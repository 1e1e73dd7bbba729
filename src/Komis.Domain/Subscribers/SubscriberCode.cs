using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Security.Cryptography;
using Komis.Domain.Common;

namespace Komis.Domain.Subscribers;

/// <summary>
/// The unique subscriber code (unikal abonent kodu): 10 digits, the last a Luhn check digit; the citizen's login name.
/// </summary>
public readonly record struct SubscriberCode
{
    public const int Length = 10;

    private SubscriberCode(string value) => Value = value;

    public string Value { get; }

    public static bool TryParse([NotNullWhen(true)] string? text, out SubscriberCode code)
    {
        var digits = string.Concat((text ?? "").Where(c => !char.IsWhiteSpace(c) && c != '-'));
        code = default;
        if (digits.Length != Length || digits[0] == '0' || !Luhn.IsValid(digits))
        {
            return false;
        }

        code = new SubscriberCode(digits);
        return true;
    }

    /// <summary>Builds a code from a 9-digit payload (100000000–999999999) and its check digit.</summary>
    public static SubscriberCode FromPayload(long payload)
    {
        if (payload is < 100_000_000 or > 999_999_999)
        {
            throw new ArgumentOutOfRangeException(nameof(payload));
        }

        var digits = payload.ToString(CultureInfo.InvariantCulture);
        return new SubscriberCode(digits + Luhn.ComputeCheckDigit(digits).ToString(CultureInfo.InvariantCulture));
    }

    /// <summary>"12******97".</summary>
    public string Masked => Value[..2] + new string('*', Length - 4) + Value[^2..];

    /// <summary>"123 456 789 7" for reading aloud and printing.</summary>
    public string Grouped => $"{Value[..3]} {Value[3..6]} {Value[6..9]} {Value[9..]}";

    public override string ToString() => Value;
}

/// <summary>
/// Turns the n-th registration into a code that looks random: a keyed Feistel permutation of [0, 9·10⁸)
/// maps sequence numbers one-to-one onto 9-digit payloads, so codes never repeat for one key and reveal
/// neither order nor count. The database's unique constraint guards against a changed key.
/// </summary>
public sealed class SubscriberCodeGenerator
{
    private const int Half = 30_000; // 30,000² = 900,000,000 payloads
    private const int Rounds = 8;
    private readonly byte[] _key;

    public SubscriberCodeGenerator(byte[] key)
    {
        if (key.Length < 16)
        {
            throw new ArgumentException("The key needs at least 128 bits.", nameof(key));
        }

        _key = key;
    }

    public SubscriberCode ForSequence(long n)
    {
        if (n is < 0 or >= (long)Half * Half)
        {
            throw new ArgumentOutOfRangeException(nameof(n), "The code space is exhausted.");
        }

        var left = (int)(n / Half);
        var right = (int)(n % Half);
        Span<byte> input = stackalloc byte[5];
        Span<byte> mac = stackalloc byte[32];
        for (var round = 0; round < Rounds; round++)
        {
            input[0] = (byte)round;
            BitConverterLittleEndian(right, input[1..]);
            HMACSHA256.HashData(_key, input, mac);
            var f = (int)(BitConverter.ToUInt32(mac[..4]) % Half);
            (left, right) = (right, (left + f) % Half);
        }

        return SubscriberCode.FromPayload(100_000_000 + ((long)left * Half) + right);
    }

    private static void BitConverterLittleEndian(int value, Span<byte> destination)
    {
        destination[0] = (byte)value;
        destination[1] = (byte)(value >> 8);
        destination[2] = (byte)(value >> 16);
        destination[3] = (byte)(value >> 24);
    }
}

/// <summary>The random first password printed on the registration sheet; it must be changed at the first login.</summary>
public static class InitialPassword
{
    /// <summary>No 0/O, 1/l/I, 5/S, 2/Z, 8/B: nothing a citizen could misread from paper.</summary>
    public const string Alphabet = "ACDEFGHJKMNPQRTUVWXYabcdefghjkmnpqrstuvwxyz34679";

    public const int Length = 12;

    public static string Generate() => RandomNumberGenerator.GetString(Alphabet, Length);
}
