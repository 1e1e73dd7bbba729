using System.Globalization;
using System.Text;
using Serilog;
using Serilog.Configuration;
using Serilog.Core;
using Serilog.Events;
using Serilog.Formatting;
using Serilog.Formatting.Display;

namespace Komis.Web.Configuration;

/// <summary>
/// Writes log lines to standard output a batch at a time. Serilog's console sink writes and flushes every event on
/// the thread that logs it, one system call per line: under load (a request log line per page) that was a sixth of
/// the cabinet's throughput. Here the request thread only queues the event; Serilog's batching sink hands a batch
/// (at most <c>bufferMilliseconds</c> old) to this class, which renders it and writes it with one call.
/// The lines and their content are the same; what a crash (kill -9) can lose is the last moments' lines.
/// </summary>
public sealed class BatchedConsoleSink(ITextFormatter formatter, Stream output) : IBatchedLogEventSink
{
    private readonly StringWriter text = new(CultureInfo.InvariantCulture);

    public Task EmitBatchAsync(IReadOnlyCollection<LogEvent> batch)
    {
        // Batches are handed over one at a time (never concurrently), so one buffer serves them all.
        var buffer = text.GetStringBuilder();
        buffer.Clear();
        foreach (var logEvent in batch)
        {
            formatter.Format(logEvent, text);
        }

        var bytes = Encoding.UTF8.GetBytes(buffer.ToString());
        output.Write(bytes);
        output.Flush();
        if (buffer.Capacity > 1 << 20)
        {
            // A burst (a crash loop's stack traces) should not keep megabytes for the life of the process.
            buffer.Capacity = 1 << 16;
        }

        return Task.CompletedTask;
    }

    public Task OnEmptyBatchAsync() => Task.CompletedTask;
}

/// <summary>How <c>"WriteTo": [{ "Name": "BatchedConsole" }]</c> in the "Serilog" configuration section finds the sink.</summary>
public static class BatchedConsoleSinkConfiguration
{
    public const string DefaultTemplate = "[{Timestamp:HH:mm:ss} {Level:u3}] {SourceContext}: {Message:lj}{NewLine}{Exception}";

    public static LoggerConfiguration BatchedConsole(
        this LoggerSinkConfiguration sinks,
        string outputTemplate = DefaultTemplate,
        int bufferMilliseconds = 50,
        LogEventLevel restrictedToMinimumLevel = LevelAlias.Minimum) =>
        sinks.BatchedText(Console.OpenStandardOutput(), outputTemplate, bufferMilliseconds, restrictedToMinimumLevel);

    /// <summary>The same to any stream (what <see cref="BatchedConsole"/> does with standard output).</summary>
    public static LoggerConfiguration BatchedText(
        this LoggerSinkConfiguration sinks,
        Stream output,
        string outputTemplate = DefaultTemplate,
        int bufferMilliseconds = 50,
        LogEventLevel restrictedToMinimumLevel = LevelAlias.Minimum)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(bufferMilliseconds, 1);
        var sink = new BatchedConsoleSink(new MessageTemplateTextFormatter(outputTemplate, CultureInfo.InvariantCulture), output);
        return sinks.Sink(sink, new BatchingOptions
        {
            BufferingTimeLimit = TimeSpan.FromMilliseconds(bufferMilliseconds),
            BatchSizeLimit = 1000,
            // When the output cannot keep up, logging threads wait rather than lines being lost.
            QueueLimit = 100_000,
            EagerlyEmitFirstEvent = true,
        }, restrictedToMinimumLevel);
    }
}
