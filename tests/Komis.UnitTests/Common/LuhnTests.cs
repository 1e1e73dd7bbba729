using Komis.Domain.Common;

namespace Komis.UnitTests.Common;

public sealed class LuhnTests
{
    [Theory]
    [InlineData("7992739871", 3)] // the textbook example: 79927398713
    [InlineData("4539148803436467", -1)]
    [InlineData("000000000", 0)]
    public void ComputeCheckDigit_MatchesKnownNumbers(string payload, int expected)
    {
        if (expected < 0)
        {
            // a valid 16-digit card number: its last digit is the check digit of the first 15
            Assert.Equal(payload[^1] - '0', Luhn.ComputeCheckDigit(payload.AsSpan(0, payload.Length - 1)));
        }
        else
        {
            Assert.Equal(expected, Luhn.ComputeCheckDigit(payload));
        }
    }

    [Theory]
    [InlineData("79927398713", true)]
    [InlineData("79927398710", false)]
    [InlineData("79927398731", false)] // two digits swapped
    [InlineData("7992739871a", false)]
    [InlineData("", false)]
    [InlineData("5", false)]
    public void IsValid_AcceptsOnlyCorrectCheckDigits(string number, bool expected)
    {
        Assert.Equal(expected, Luhn.IsValid(number));
    }

    [Fact]
    public void IsValid_DetectsEverySingleDigitError()
    {
        const string valid = "79927398713";
        for (var i = 0; i < valid.Length; i++)
        {
            for (var d = '0'; d <= '9'; d++)
            {
                if (d == valid[i])
                {
                    continue;
                }

                var changed = valid[..i] + d + valid[(i + 1)..];
                Assert.False(Luhn.IsValid(changed), changed);
            }
        }
    }
}
