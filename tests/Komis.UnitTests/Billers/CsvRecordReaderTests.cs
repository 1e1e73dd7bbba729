using System.Text;
using Komis.Web.Features.Registry;

namespace Komis.UnitTests.Billers;

public sealed class CsvRecordReaderTests
{
    [Fact]
    public async Task Reads_QuotedFields_WithCommasQuotesAndLineBreaks()
    {
        var records = await ReadAllAsync("a,\"b, c\",\"d \"\"e\"\"\"\r\n\"x\ny\",,z\n");

        Assert.Equal([(1L, new[] { "a", "b, c", "d \"e\"" }), (2L, new[] { "x\ny", "", "z" })],
            records.Select(r => (r.Line, r.Fields)).ToList(), new RecordComparer());
    }

    [Fact]
    public async Task SkipsTheBom_AndBlankLines_AndReadsALastLineWithoutNewline()
    {
        var bytes = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes("h1,h2\n\n1,2")).ToArray();

        var records = await ReadAllAsync(bytes);

        Assert.Equal(2, records.Count);
        Assert.Equal(["h1", "h2"], records[0].Fields);
        Assert.Equal(3, records[1].Line);
    }

    [Theory]
    [InlineData("a,\"b\"c\n", "closing quote")]
    [InlineData("a,b\"c\n", "quote inside")]
    [InlineData("a,\"bc\n", "not closed")]
    public async Task MalformedQuoting_IsAnErrorWithItsLine(string csv, string message)
    {
        var ex = await Assert.ThrowsAsync<CsvFormatException>(() => ReadAllAsync(csv));

        Assert.Equal(1, ex.Line);
        Assert.Contains(message, ex.Message);
    }

    [Fact]
    public async Task InvalidUtf8_IsAnError_NotReplacementCharacters()
    {
        var bytes = Encoding.ASCII.GetBytes("a,b\n").Concat(new byte[] { 0xC3, 0x28 }).ToArray();

        await Assert.ThrowsAsync<CsvFormatException>(() => ReadAllAsync(bytes));
    }

    [Fact]
    public async Task ReadsFieldsLongerThanTheBuffer()
    {
        var big = new string('ə', 200_000);

        var records = await ReadAllAsync($"\"{big}\",x\n");

        Assert.Equal(big, records[0].Fields[0]);
    }

    private static Task<List<(long Line, string[] Fields)>> ReadAllAsync(string csv) => ReadAllAsync(Encoding.UTF8.GetBytes(csv));

    private static async Task<List<(long Line, string[] Fields)>> ReadAllAsync(byte[] bytes)
    {
        using var reader = new CsvRecordReader(new MemoryStream(bytes));
        var all = new List<(long, string[])>();
        while (await reader.ReadAsync(CancellationToken.None))
        {
            all.Add((reader.Line, reader.Fields.ToArray()));
        }

        return all;
    }

    private sealed class RecordComparer : IEqualityComparer<(long Line, string[] Fields)>
    {
        public bool Equals((long Line, string[] Fields) x, (long Line, string[] Fields) y) => x.Line == y.Line && x.Fields.SequenceEqual(y.Fields);

        public int GetHashCode((long Line, string[] Fields) obj) => obj.Line.GetHashCode();
    }
}
