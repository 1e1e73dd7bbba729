using System.Globalization;
using Komis.Web.Configuration;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace Komis.UnitTests.Configuration;

public sealed class SharedStringLocalizerTests
{
    private static SharedStringLocalizer NewLocalizer() => new(
        new ResourceManagerStringLocalizerFactory(Options.Create(new LocalizationOptions { ResourcesPath = "Resources" }), NullLoggerFactory.Instance));

    [Fact]
    public void AKeptString_IsAnsweredInEachVisitorsOwnLanguage()
    {
        var localizer = NewLocalizer();
        Assert.Equal("Ana səhifə", In("az", () => localizer["Nav.Home"].Value));
        Assert.Equal("Главная", In("ru", () => localizer["Nav.Home"].Value));
        Assert.Equal("Ana səhifə", In("az", () => localizer["Nav.Home"].Value));
        Assert.Equal("Главная", In("ru", () => localizer["Nav.Home"].Value));
    }

    [Fact]
    public void Arguments_AreFormattedIntoTheLanguagesText_AndAMissingName_IsItsOwnAnswer()
    {
        var localizer = NewLocalizer();
        Assert.Equal("Salam, Aygün!", In("az", () => localizer["Cabinet.Greeting", "Aygün"].Value));
        Assert.Equal("Здравствуйте, Aygün!", In("ru", () => localizer["Cabinet.Greeting", "Aygün"].Value));

        var missing = In("az", () => localizer["No.Such.Key"]);
        Assert.True(missing.ResourceNotFound);
        Assert.Equal("No.Such.Key", missing.Value);
    }

    private static T In<T>(string culture, Func<T> read)
    {
        var (ui, current) = (CultureInfo.CurrentUICulture, CultureInfo.CurrentCulture);
        CultureInfo.CurrentUICulture = CultureInfo.CurrentCulture = new CultureInfo(culture);
        try
        {
            return read();
        }
        finally
        {
            (CultureInfo.CurrentUICulture, CultureInfo.CurrentCulture) = (ui, current);
        }
    }
}
