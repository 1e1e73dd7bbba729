using System.Xml.Linq;

namespace Komis.UnitTests.Common;

public sealed class ResourceFilesTests
{
    private static readonly string ResourcesFolder = Path.Combine(FindRepositoryRoot(), "src", "Komis.Web", "Resources");

    [Fact]
    public void EveryUiString_ExistsInAzerbaijaniRussianAndEnglish()
    {
        var az = Keys("SharedResource.resx");
        var ru = Keys("SharedResource.ru.resx");
        var en = Keys("SharedResource.en.resx");

        Assert.NotEmpty(az);
        Assert.Empty(az.Except(ru));
        Assert.Empty(az.Except(en));
        Assert.Empty(ru.Except(az));
        Assert.Empty(en.Except(az));
    }

    [Fact]
    public void NoUiString_IsEmpty()
    {
        foreach (var file in Directory.GetFiles(ResourcesFolder, "SharedResource*.resx"))
        {
            var empty = XDocument.Load(file).Root!.Elements("data")
                .Where(d => string.IsNullOrWhiteSpace(d.Element("value")?.Value))
                .Select(d => (string?)d.Attribute("name"));
            Assert.Empty(empty);
        }
    }

    private static HashSet<string> Keys(string file) =>
        XDocument.Load(Path.Combine(ResourcesFolder, file)).Root!.Elements("data")
            .Select(d => (string)d.Attribute("name")!).ToHashSet();

    private static string FindRepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "Komis.sln")))
        {
            dir = dir.Parent;
        }

        return dir?.FullName ?? throw new InvalidOperationException("Komis.sln not found above the test folder.");
    }
}
