using System.Security.Cryptography;
using Komis.Domain.Common;
using Komis.Domain.Subscribers;

namespace Komis.UnitTests.Subscribers;

public sealed class SubscriberCodeTests
{
    private static readonly SubscriberCodeGenerator Generator = new(RandomNumberGenerator.GetBytes(32));

    [Fact]
    public void Codes_AreTenDigits_NotStartingWithZero_WithALuhnCheckDigit()
    {
        for (long n = 0; n < 10_000; n++)
        {
            var code = Generator.ForSequence(n).Value;
            Assert.Equal(10, code.Length);
            Assert.All(code, c => Assert.True(char.IsAsciiDigit(c)));
            Assert.NotEqual('0', code[0]);
            Assert.True(Luhn.IsValid(code), code);
        }
    }

    [Fact]
    public void OneMillionDraws_HaveNoCollision()
    {
        var seen = new HashSet<long>(1_000_000);
        for (long n = 0; n < 1_000_000; n++)
        {
            Assert.True(seen.Add(long.Parse(Generator.ForSequence(n).Value)), $"collision at draw {n}");
        }
    }

    [Fact]
    public void Codes_AreNotSequential_AndSpreadOverTheWholeSpace()
    {
        var codes = Enumerable.Range(0, 1000).Select(n => long.Parse(Generator.ForSequence(n).Value[..9])).ToList();

        var increasing = codes.Zip(codes.Skip(1)).Count(p => p.Second > p.First);
        Assert.InRange(increasing, 350, 650); // a random order rises about half the time; a counter always does
        Assert.True(codes.Min() < 200_000_000 && codes.Max() > 900_000_000);
        Assert.True(codes.Zip(codes.Skip(1)).All(p => Math.Abs(p.Second - p.First) != 1));
    }

    [Fact]
    public void DifferentKeys_GiveDifferentCodes()
    {
        var other = new SubscriberCodeGenerator(RandomNumberGenerator.GetBytes(32));

        var same = Enumerable.Range(0, 1000).Count(n => Generator.ForSequence(n) == other.ForSequence(n));

        Assert.True(same < 3);
    }

    [Theory]
    [InlineData("1234567897", true)]
    [InlineData("123 456 789 7", true)]
    [InlineData("1234567898", false)]
    [InlineData("0234567897", false)]
    [InlineData("123456789", false)]
    [InlineData("12345678970", false)]
    [InlineData("12345a7897", false)]
    [InlineData("", false)]
    public void Parse_AcceptsOnlyValidCodes(string text, bool valid)
    {
        Assert.Equal(valid, SubscriberCode.TryParse(text, out _));
    }

    [Fact]
    public void Code_IsMaskedAndGroupedForPeople()
    {
        Assert.True(SubscriberCode.TryParse("1234567897", out var code));

        Assert.Equal("12******97", code.Masked);
        Assert.Equal("123 456 789 7", code.Grouped);
    }

    [Fact]
    public void InitialPassword_IsLongAndUsesOnlyTheUnambiguousAlphabet()
    {
        var passwords = Enumerable.Range(0, 1000).Select(_ => InitialPassword.Generate()).ToList();

        Assert.All(passwords, p => Assert.True(p.Length >= 10));
        Assert.All(passwords, p => Assert.All(p, c => Assert.Contains(c, InitialPassword.Alphabet)));
        Assert.DoesNotContain(InitialPassword.Alphabet, c => "0O1lI5S2Z8B".Contains(c));
        Assert.Equal(1000, passwords.Distinct().Count());
    }
}
