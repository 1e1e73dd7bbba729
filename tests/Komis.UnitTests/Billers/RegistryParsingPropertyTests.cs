using System.Globalization;
using System.Text;
using CsCheck;
using Komis.Domain.Billers;
using Komis.Web.Features.Registry;

namespace Komis.UnitTests.Billers;

/// <summary>
/// The registry's hand-written fast paths against the framework calls they replace, on random input: each must
/// accept and refuse exactly what the slower one did.
/// </summary>
public sealed class RegistryParsingPropertyTests
{
    private static readonly Gen<string> DateLike = Gen.OneOf(
        Gen.Int[0, 10_000].Select(Gen.Int[0, 13], Gen.Int[0, 32], (y, m, d) => $"{y:0000}-{m:00}-{d:00}"),
        Gen.Char["0123456789-+ ١x"].Array[0, 12].Select(a => new string(a)),
        Gen.String);

    [Fact]
    public void IsoDate_AcceptsExactlyWhatDateOnlyTryParseExactDoes()
    {
        DateLike.Sample(text =>
        {
            var expected = DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var expectedDate);
            var actual = RegistryImport.TryParseIsoDate(text, out var actualDate);
            return expected == actual && expectedDate == actualDate;
        }, iter: 20_000);
    }

    [Theory]
    [InlineData("2024-02-29", true)]
    [InlineData("2026-02-29", false)]
    [InlineData("0000-01-01", false)]
    [InlineData("2026-9-20", false)]
    [InlineData("2026-09-20", true)]
    public void IsoDate_Examples(string text, bool valid)
    {
        Assert.Equal(valid, RegistryImport.TryParseIsoDate(text, out _));
    }

    [Fact]
    public void AccountNormalize_GivesWhatRemovingWhitespaceAndUpperCasingGives()
    {
        Gen.OneOf(Gen.String, Gen.Char["0123456789abcXYZ -\t\u00a0ə"].Array[0, 20].Select(a => new string(a)), Gen.String.AlphaNumeric)
            .Sample(text => AccountNumberFormat.Normalize(text) == string.Concat(text.Where(c => !char.IsWhiteSpace(c))).ToUpperInvariant(),
                iter: 20_000);
    }

    private static readonly Gen<string> Field = Gen.OneOf(
        Gen.Char["ab,\"\n\r əç1 "].Array[0, 12].Select(a => new string(a)),
        Gen.Char['\u0020', '\uD7FF'].Array[0, 30].Select(a => new string(a)),
        Gen.Char['a', 'z'].Array[60_000, 70_000].Select(a => new string(a)));

    [Fact]
    public async Task CsvReader_ReadsBackWhatWasWritten_AcrossBufferBoundaries()
    {
        // Records of random fields, quoted when they need it (a quoted field keeps its CR); a record never starts blank.
        var records = Field.Array[1, 6].Where(f => !(f.Length == 1 && f[0].Length == 0)).Array[1, 8];
        await records.SampleAsync(async all =>
        {
            var csv = new StringBuilder();
            foreach (var record in all)
            {
                csv.AppendJoin(',', record.Select(f => "\"" + f.Replace("\"", "\"\"") + "\"")).Append(all.Length % 2 == 0 ? "\r\n" : "\n");
            }

            using var reader = new CsvRecordReader(new MemoryStream(new UTF8Encoding(false).GetBytes(csv.ToString())));
            var read = new List<(long Line, string[] Fields)>();
            while (await reader.ReadAsync(CancellationToken.None))
            {
                read.Add((reader.Line, reader.Fields.ToArray()));
            }

            // A record starts on the line after its predecessor's last line (their fields' line breaks counted).
            var lines = all.Select(r => 1 + r.Sum(f => f.Count(c => c == '\n'))).ToArray();
            var starts = lines.Select((_, i) => 1L + lines.Take(i).Sum()).ToArray();
            return read.Count == all.Length && read.Zip(all, starts).All(p => p.First.Fields.SequenceEqual(p.Second) && p.First.Line == p.Third);
        }, iter: 300);
    }

    [Fact]
    public async Task CsvReader_UnquotedFieldsAcrossBufferBoundaries_KeepTheirLinesAndDropLoneCarriageReturns()
    {
        await Gen.Char["abc ə1"].Array[1, 40_000].Select(a => new string(a)).Array[1, 12].SampleAsync(async lines =>
        {
            var csv = string.Concat(lines.Select((l, i) => $"{l},{i}\r\n"));
            using var reader = new CsvRecordReader(new MemoryStream(Encoding.UTF8.GetBytes(csv)));
            for (var i = 0; i < lines.Length; i++)
            {
                if (!await reader.ReadAsync(CancellationToken.None) || reader.Line != i + 1 || reader.Fields.Count != 2 ||
                    reader.Fields[0] != lines[i] || reader.Fields[1] != i.ToString(CultureInfo.InvariantCulture))
                {
                    return false;
                }
            }

            return !await reader.ReadAsync(CancellationToken.None);
        }, iter: 100);
    }
}
