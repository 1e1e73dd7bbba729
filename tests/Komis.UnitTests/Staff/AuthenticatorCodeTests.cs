using System.Text;
using Komis.Web.Features.Staff;

namespace Komis.UnitTests.Staff;

/// <summary>Komis's own TOTP against the published test vectors (it replaced Identity's provider to make codes single-use).</summary>
public sealed class AuthenticatorCodeTests
{
    // RFC 6238, Appendix B, HMAC-SHA1 with the ASCII secret "12345678901234567890": the time, and the last six digits of
    // the eight the RFC prints (an authenticator app shows six).
    [Theory]
    [InlineData(59L, "287082")]
    [InlineData(1111111109L, "081804")]
    [InlineData(1111111111L, "050471")]
    [InlineData(1234567890L, "005924")]
    [InlineData(2000000000L, "279037")]
    [InlineData(20000000000L, "353130")]
    public void TheCodeForATime_IsRfc6238s(long unixSeconds, string expected) =>
        Assert.Equal(expected, OneTimeAuthenticatorTokenProvider.Code(Encoding.ASCII.GetBytes("12345678901234567890"), unixSeconds / 30));

    // RFC 4648, section 10, and the same letters in lower case (as the enrolment page shows the key).
    [Theory]
    [InlineData("MY======", "f")]
    [InlineData("MZXQ====", "fo")]
    [InlineData("MZXW6===", "foo")]
    [InlineData("MZXW6YQ=", "foob")]
    [InlineData("MZXW6YTB", "fooba")]
    [InlineData("MZXW6YTBOI======", "foobar")]
    [InlineData("mzxw6ytboi", "foobar")]
    public void Base32_DecodesTheRfcVectors(string text, string expected)
    {
        Assert.True(OneTimeAuthenticatorTokenProvider.TryFromBase32(text, out var bytes));
        Assert.Equal(expected, Encoding.ASCII.GetString(bytes));
    }

    [Theory]
    [InlineData("MZXW1YTB")] // 1 is not in the alphabet
    [InlineData("MZ XW6")]
    [InlineData("")]
    public void Base32_RefusesWhatIsNotBase32(string text) =>
        Assert.False(OneTimeAuthenticatorTokenProvider.TryFromBase32(text, out _));
}
