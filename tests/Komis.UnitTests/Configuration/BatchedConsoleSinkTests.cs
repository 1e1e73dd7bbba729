using Komis.Web.Configuration;
using Microsoft.Extensions.Configuration;
using Serilog;
using Serilog.Debugging;

namespace Komis.UnitTests.Configuration;

public sealed class BatchedConsoleSinkTests
{
    [Fact]
    public void EveryLine_IsWritten_InOrder_AndABatchIsOneWrite()
    {
        var output = new CountingStream();
        var logger = new LoggerConfiguration().WriteTo.BatchedText(output, "{Level:u3} {Message:lj}{NewLine}", bufferMilliseconds: 200).CreateLogger();

        for (var i = 1; i <= 500; i++)
        {
            logger.Information("line {Number} of {Text}", i, "Ödəniş çəkildi");
        }

        logger.Dispose();

        var lines = output.Text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(Enumerable.Range(1, 500).Select(i => $"INF line {i} of Ödəniş çəkildi"), lines);
        // The first line goes out at once (a person watching the console sees the app is alive); the other 499 were
        // logged within the buffering time, so they leave together, not one system call per line.
        Assert.InRange(output.Writes, 2, 10);
    }

    [Fact]
    public void TheAppsSettings_NameTheBatchedSink_AndSerilogFindsIt()
    {
        var settings = new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: false)
            .Build();
        Assert.Equal(nameof(BatchedConsoleSinkConfiguration.BatchedConsole), settings["Serilog:WriteTo:0:Name"]);

        var complaints = new List<string>();
        SelfLog.Enable(complaints.Add);
        try
        {
            using var logger = new LoggerConfiguration().ReadFrom.Configuration(settings).CreateLogger();
        }
        finally
        {
            SelfLog.Disable();
        }

        Assert.Empty(complaints);
    }

    private sealed class CountingStream : MemoryStream
    {
        public int Writes { get; private set; }

        public string Text => System.Text.Encoding.UTF8.GetString(ToArray());

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            Writes++;
            base.Write(buffer);
        }

        public override void Write(byte[] buffer, int offset, int count)
        {
            Writes++;
            base.Write(buffer, offset, count);
        }
    }
}
