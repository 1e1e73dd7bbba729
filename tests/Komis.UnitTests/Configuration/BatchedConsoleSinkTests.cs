using Komis.Web.Configuration;
using Microsoft.Extensions.Configuration;
using Serilog;
using Serilog.Debugging;
using Serilog.Formatting.Display;

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
        // Logged within the buffering time, so they leave together, not one system call per line.
        Assert.InRange(output.Writes, 1, 5);
    }

    [Fact]
    public void LinesLoggedOneAtATime_LeaveWhenTheTimerFires_WithoutTheLoggerBeingDisposed()
    {
        var output = new CountingStream();
        using var logger = new LoggerConfiguration().WriteTo.BatchedText(output, "{Message:lj}{NewLine}", bufferMilliseconds: 300).CreateLogger();

        // A trickle, as steady traffic logs: each event alone in the queue when it comes.
        for (var i = 1; i <= 5; i++)
        {
            logger.Information("trickle {Number}", i);
            Thread.Sleep(10);
        }

        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (output.Text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length < 5 && DateTime.UtcNow < deadline)
        {
            Thread.Sleep(20);
        }

        Assert.Equal(Enumerable.Range(1, 5).Select(i => $"trickle {i}"), output.Text.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal(1, output.Writes);

        // And the timer is armed again by the next event.
        logger.Information("later");
        deadline = DateTime.UtcNow.AddSeconds(10);
        while (!output.Text.Contains("later", StringComparison.Ordinal) && DateTime.UtcNow < deadline)
        {
            Thread.Sleep(20);
        }

        Assert.EndsWith("later\n", output.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void PastTheQueueLimit_EventsAreDropped_AndTheNextWriteSaysHowMany()
    {
        var output = new CountingStream();
        var sink = new BatchedConsoleSink(
            new MessageTemplateTextFormatter("{Message:lj}{NewLine}"), output, TimeSpan.FromMinutes(10), queueLimit: 5);
        var logger = new LoggerConfiguration().WriteTo.Sink(sink).CreateLogger();

        for (var i = 1; i <= 8; i++)
        {
            logger.Information("event {Number}", i);
        }

        logger.Dispose();

        var lines = output.Text.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(6, lines.Length);
        Assert.EndsWith("BatchedConsoleSink: 3 log events dropped, the output could not keep up", lines[0], StringComparison.Ordinal);
        Assert.Equal(Enumerable.Range(1, 5).Select(i => $"event {i}"), lines.Skip(1));
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

    /// <summary>Written by the sink's timer while the test reads it: one lock around both.</summary>
    private sealed class CountingStream : MemoryStream
    {
        private readonly Lock _gate = new();
        private int _writes;

        public int Writes
        {
            get
            {
                lock (_gate)
                {
                    return _writes;
                }
            }
        }

        public string Text
        {
            get
            {
                lock (_gate)
                {
                    return System.Text.Encoding.UTF8.GetString(ToArray());
                }
            }
        }

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            lock (_gate)
            {
                _writes++;
                base.Write(buffer.ToArray(), 0, buffer.Length); // the array overload of MemoryStream itself: counted once
            }
        }

        public override void Write(byte[] buffer, int offset, int count)
        {
            lock (_gate)
            {
                _writes++;
                base.Write(buffer, offset, count);
            }
        }
    }
}
