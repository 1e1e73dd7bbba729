using Komis.Web.Features.Registry;

namespace Komis.UnitTests.Billers;

public sealed class CopyTextRowsTests
{
    [Fact]
    public async Task WritesTabSeparatedRows_EscapingWhatCopyGivesAMeaning_AndNullsAsBackslashN()
    {
        var output = new StringWriter();
        var rows = new CopyTextRows(output);

        rows.Add(7L);
        rows.Add("a\\b\tc\nd\re");
        rows.Add("\\N");
        rows.AddNull();
        rows.Add(12.50m);
        rows.Add(new DateOnly(2026, 9, 1));
        await rows.EndRowAsync(CancellationToken.None);
        rows.Add("plain");
        rows.Add((string?)null);
        rows.Add((decimal?)null);
        rows.Add((DateOnly?)null);
        await rows.EndRowAsync(CancellationToken.None);
        await rows.FlushAsync(CancellationToken.None);

        Assert.Equal("7\ta\\\\b\\tc\\nd\\re\t\\\\N\t\\N\t12.50\t2026-09-01\nplain\t\\N\t\\N\t\\N\n", output.ToString());
    }

    [Fact]
    public async Task HandsOverLargeRowsWhole()
    {
        var output = new StringWriter();
        var rows = new CopyTextRows(output);
        var big = new string('ə', 100_000) + "\\";

        rows.Add(big);
        await rows.EndRowAsync(CancellationToken.None);
        await rows.FlushAsync(CancellationToken.None);

        Assert.Equal(big.Replace("\\", "\\\\") + "\n", output.ToString());
    }
}
