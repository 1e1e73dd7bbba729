using Komis.Domain.Common;
using Komis.Domain.Subscribers;
using Komis.Web.Features.Registration;

namespace Komis.UnitTests.Subscribers;

public sealed class IdentityValidationTests
{
    [Theory]
    [InlineData("AZE", "12345678", "AZE", "12345678")]
    [InlineData(" aze ", " 1234 5678 ", "AZE", "12345678")]
    [InlineData("AZE", "AZE12345678", "AZE", "12345678")]
    [InlineData("AA", "1234567", "AA", "1234567")]
    [InlineData("aa", "aa1234567", "AA", "1234567")]
    public void IdCard_AcceptsBothSeries_TrimmedAndUpperCased(string series, string number, string expectedSeries, string expectedNumber)
    {
        Assert.True(IdCard.TryParse(series, number, out var card, out var error));
        Assert.Equal(IdCardError.None, error);
        Assert.Equal(expectedSeries, card.SeriesCode);
        Assert.Equal(expectedNumber, card.Number);
    }

    [Theory]
    [InlineData("", "12345678", IdCardError.SeriesMissing)]
    [InlineData("AB", "12345678", IdCardError.SeriesUnknown)]
    [InlineData("AZE", "", IdCardError.NumberMissing)]
    [InlineData("AZE", "1234567", IdCardError.NumberFormat)]
    [InlineData("AZE", "123456789", IdCardError.NumberFormat)]
    [InlineData("AA", "12345678", IdCardError.NumberFormat)]
    [InlineData("AA", "12345x7", IdCardError.NumberFormat)]
    [InlineData("AZE", "１２３４５６７８", IdCardError.NumberFormat)] // full-width digits are not ASCII digits
    public void IdCard_EachWrongFormat_HasItsOwnError(string series, string number, IdCardError expected)
    {
        Assert.False(IdCard.TryParse(series, number, out _, out var error));
        Assert.Equal(expected, error);
    }

    [Fact]
    public void IdCard_IsMaskedToTheSeriesAndLastThreeDigits()
    {
        IdCard.TryParse("AZE", "12345678", out var card, out _);

        Assert.Equal("AZE*****678", card!.Masked);
        Assert.Equal("AZE*****678", card.ToString());
    }

    [Theory]
    [InlineData("", "Fin.Error.Missing")]
    [InlineData("5HK2P7", "Fin.Error.Length")]
    [InlineData("5HK2P7QQ", "Fin.Error.Length")]
    [InlineData("5HK2PIQ", "Fin.Error.IO")]
    [InlineData("5HK2POQ", "Fin.Error.IO")]
    [InlineData("5HK-P7Q", "Fin.Error.Characters")]
    [InlineData("5HKƏP7Q", "Fin.Error.Characters")]
    public void Fin_EachWrongFormat_HasItsOwnMessage(string fin, string expectedKey)
    {
        var result = new IdentityStepValidator().Validate(new IdentityStepInput { Series = "AZE", Number = "12345678", Fin = fin });

        Assert.Equal([expectedKey], result.Errors.Select(e => e.ErrorMessage));
    }

    [Fact]
    public void Fin_IsTrimmedAndUpperCased()
    {
        Assert.Equal("5HK2P7Q", Fin.Normalize(" 5hk2p7q "));
        Assert.True(new IdentityStepValidator().Validate(new IdentityStepInput { Series = "aze", Number = "12345678", Fin = " 5hk2p7q " }).IsValid);
    }

    [Theory]
    [InlineData("Məmmədov Əli Vüqar oğlu", "M******* Ə** V**** o***")]
    [InlineData("A", "A")]
    public void Name_IsMaskedWordByWord(string name, string expected)
    {
        Assert.Equal(expected, Mask.Name(name));
    }

    [Fact]
    public void Address_HidesHouseAndFlatNumbers()
    {
        Assert.Equal("Bakı, Nizami küç. **, m. *", Mask.Address("Bakı, Nizami küç. 10, m. 5"));
    }
}
