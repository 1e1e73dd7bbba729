using Komis.Web.Features.Citizens;

namespace Komis.UnitTests.Subscribers;

public sealed class PasswordPolicyTests
{
    [Theory]
    [InlineData("yaşıl dağlar altında")]
    [InlineData("correct horse battery staple")]
    [InlineData("Xq7!mZ2p")]
    [InlineData("abcdefgh-not-common-xy")]
    public void GoodPasswords_Pass(string password)
    {
        Assert.Empty(PasswordPolicy.Check(password, "1234567897"));
    }

    [Theory]
    [InlineData("1234567", "Password.Error.TooShort")]
    [InlineData("password", "Password.Error.Common")]
    [InlineData("PASSWORD1", "Password.Error.Common")]
    [InlineData("12345678", "Password.Error.Common")]
    [InlineData("qwertyuiop", "Password.Error.Common")]
    [InlineData("azerbaijan", "Password.Error.Common")]
    [InlineData("x1234567897", "Password.Error.ContainsCode")]
    public void WeakPasswords_AreRefused_WithTheReason(string password, string expected)
    {
        Assert.Contains(expected, PasswordPolicy.Check(password, "1234567897"));
    }

    [Fact]
    public void LengthLimits_AreEightTo128_WithNoCompositionRules()
    {
        Assert.Empty(PasswordPolicy.Check(new string('ə', 8) + "kq", null));
        Assert.Empty(PasswordPolicy.Check(string.Concat(Enumerable.Repeat("dağ ", 32)), null)); // 128
        Assert.Contains("Password.Error.TooLong", PasswordPolicy.Check(string.Concat(Enumerable.Repeat("dağ ", 32)) + "x", null));
        Assert.Empty(PasswordPolicy.Check("alllowercasewords", null)); // no digit, no capital: fine
    }

    [Fact]
    public void CommonList_HasThousandsOfEntries()
    {
        Assert.True(PasswordPolicy.IsCommon("iloveyou1"));
        Assert.True(PasswordPolicy.IsCommon("baseball"));
        Assert.False(PasswordPolicy.IsCommon("yaşıl dağlar altında"));
    }
}
