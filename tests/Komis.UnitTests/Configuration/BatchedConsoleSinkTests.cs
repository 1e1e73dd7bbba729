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

        WaitUntil(() => output.Text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length >= 5);

        Assert.Equal(Enumerable.Range(1, 5).Select(i => $"trickle {i}"), output.Text.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Equal(1, output.Writes);

        // And the timer is armed again by the next event.
        logger.Information("later");
        WaitUntil(() => output.Text.Contains("later", StringComparison.Ordinal));

        Assert.EndsWith("later\n", output.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void AWriteThatFails_LosesItsBatch_AndTheNextLinesAreStillWritten()
    {
        var output = new CountingStream { FailNextWrite = true };
        using var logger = new LoggerConfiguration().WriteTo.BatchedText(output, "{Message:lj}{NewLine}", bufferMilliseconds: 50).CreateLogger();

        logger.Information("lost");
        WaitUntil(() => !output.FailNextWrite);
        logger.Information("written");
        WaitUntil(() => output.Text.Length > 0);

        Assert.Equal("written\n", output.Text);
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

    /// <summary>Polls until the sink's timer has done what <paramref name="done"/> checks (10 s at most).</summary>
    private static void WaitUntil(Func<bool> done)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (!done() && DateTime.UtcNow < deadline)
        {
            Thread.Sleep(20);
        }
    }

    /// <summary>Written by the sink's timer while the test reads it: one lock around both.</summary>
    private sealed class CountingStream : MemoryStream
    {
        private readonly Lock _gate = new();
        private int _writes;

        /// <summary>The next write throws, as a closed pipe does; cleared once it has.</summary>
        public volatile bool FailNextWrite;

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
                if (FailNextWrite)
                {
                    FailNextWrite = false;
                    throw new IOException("Broken pipe");
                }

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
