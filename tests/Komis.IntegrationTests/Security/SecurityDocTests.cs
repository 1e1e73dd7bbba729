using System.Text.RegularExpressions;

namespace Komis.IntegrationTests.Security;

/// <summary>docs/SECURITY.md may only cite tests that exist: every `Class.Method` it names is found in tests/.</summary>
public sealed partial class SecurityDocTests
{
    [Fact]
    public void EveryTestNamedInSecurityMd_Exists()
    {
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(root.FullName, "Komis.sln")))
        {
            root = root.Parent!;
        }

        var doc = File.ReadAllText(Path.Combine(root.FullName, "docs", "SECURITY.md"));
        var sources = Directory.EnumerateFiles(Path.Combine(root.FullName, "tests"), "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                        && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Select(File.ReadAllText)
            .ToList();
        var cited = TestName().Matches(doc).Select(m => (Class: m.Groups[1].Value, Method: m.Groups[2].Value)).Distinct().ToList();

        Assert.True(cited.Count >= 40, $"only {cited.Count} tests cited");
        var missing = cited.Where(t => !sources.Any(s =>
            Regex.IsMatch(s, $@"\bclass {t.Class}\b") && (t.Method == "*" || s.Contains($" {t.Method}(", StringComparison.Ordinal)))).ToList();
        Assert.True(missing.Count == 0, "SECURITY.md cites tests that do not exist: " + string.Join(", ", missing.Select(m => m.Class + "." + m.Method)));
    }

    [GeneratedRegex(@"`([A-Z]\w*Tests)\.(\*|\w+)`")]
    private static partial Regex TestName();
}
