using System.Collections.Concurrent;
using System.Globalization;
using System.Text;
using Serilog;
using Serilog.Configuration;
using Serilog.Core;
using Serilog.Debugging;
using Serilog.Events;
using Serilog.Formatting;
using Serilog.Formatting.Display;

namespace Komis.Web.Configuration;

/// <summary>
/// Writes log lines to standard output a batch at a time. Serilog's console sink writes and flushes every event on
/// the thread that logs it, one system call per line: under load (a request log line per page) that was a sixth of
/// the cabinet's throughput. Here the request thread only queues the event; the first event queued after a write arms
/// a one-shot timer, and when it fires (<c>bufferMilliseconds</c> later) everything queued by then is rendered and
/// written with one call. The lines and their content are the same; what a crash (kill -9) can lose is the last
/// moments' lines (disposing the logger writes them).
/// </summary>
/// <remarks>
/// Serilog's own batching sink (used here until 2026-12-02) waits for "the next event or the end of the buffering
/// time", whichever comes first, so when events come one at a time, as a steady trickle of requests sends them, its
/// loop woke for every event: one more thread pool work item, and often a sleeping thread woken, per page. Here
/// nothing wakes until the timer, however many events come. Past <c>queueLimit</c> queued events (the output cannot
/// keep up), events are dropped rather than make requests wait, and the next write says how many.
/// </remarks>
public sealed class BatchedConsoleSink : ILogEventSink, IDisposable
{
    private const int MaxEventsPerWrite = 1000;

    private readonly ITextFormatter _formatter;
    private readonly Stream _output;
    private readonly TimeSpan _delay;
    private readonly int _queueLimit;
    private readonly ConcurrentQueue<LogEvent> _queue = new();
    private readonly Timer _timer;
    private readonly Lock _writing = new();
    private readonly StringWriter _text = new(CultureInfo.InvariantCulture);
    private int _queued;
    private int _armed;
    private long _dropped;

    public BatchedConsoleSink(ITextFormatter formatter, Stream output, TimeSpan delay, int queueLimit)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(delay, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfLessThan(queueLimit, 1);
        _formatter = formatter;
        _output = output;
        _delay = delay;
        _queueLimit = queueLimit;
        // Not armed until an event comes; the timer's thread pool callback does not carry the first logger's context.
        using (ExecutionContext.SuppressFlow())
        {
            _timer = new Timer(static state => ((BatchedConsoleSink)state!).OnTimer(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        }
    }

    public void Emit(LogEvent logEvent)
    {
        if (Interlocked.Increment(ref _queued) > _queueLimit)
        {
            Interlocked.Decrement(ref _queued);
            Interlocked.Increment(ref _dropped);
            return;
        }

        _queue.Enqueue(logEvent);
        if (Volatile.Read(ref _armed) == 0)
        {
            Arm();
        }
    }

    public void Dispose()
    {
        _timer.Dispose();
        Write();
    }

    private void Arm()
    {
        if (Interlocked.Exchange(ref _armed, 1) == 0)
        {
            try
            {
                _timer.Change(_delay, Timeout.InfiniteTimeSpan);
            }
            catch (ObjectDisposedException)
            {
                // Logged while the logger is disposed: Dispose writes what is queued.
            }
        }
    }

    private void OnTimer()
    {
        try
        {
            Write();
        }
        catch (Exception ex)
        {
            // Standard output gone or failing (a closed pipe): the batch is lost, as with Serilog's own batching sink,
            // and the next events are tried again. Thrown from a timer callback, it would end the process.
            SelfLog.WriteLine("BatchedConsoleSink could not write a batch: {0}", ex);
        }

        Volatile.Write(ref _armed, 0);
        // An event queued after the write took the last one, but before the timer was disarmed, found it armed.
        if (!_queue.IsEmpty)
        {
            Arm();
        }
    }

    private void Write()
    {
        lock (_writing)
        {
            var buffer = _text.GetStringBuilder();
            buffer.Clear(); // what a failed write left
            if (Interlocked.Exchange(ref _dropped, 0) is > 0 and var dropped)
            {
                _text.Write($"[{DateTime.Now:HH:mm:ss} WRN] {nameof(BatchedConsoleSink)}: {dropped} log events dropped, the output could not keep up{_text.NewLine}");
            }

            var inBuffer = 0;
            while (_queue.TryDequeue(out var logEvent))
            {
                Interlocked.Decrement(ref _queued);
                _formatter.Format(logEvent, _text);
                if (++inBuffer == MaxEventsPerWrite)
                {
                    WriteOut(buffer);
                    inBuffer = 0;
                }
            }

            WriteOut(buffer);
            if (buffer.Capacity > 1 << 20)
            {
                // A burst (a crash loop's stack traces) should not keep megabytes for the life of the process.
                buffer.Capacity = 1 << 16;
            }
        }
    }

    private void WriteOut(StringBuilder buffer)
    {
        if (buffer.Length > 0)
        {
            _output.Write(Encoding.UTF8.GetBytes(buffer.ToString()));
            _output.Flush();
            buffer.Clear();
        }
    }
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
        var sink = new BatchedConsoleSink(
            new MessageTemplateTextFormatter(outputTemplate, CultureInfo.InvariantCulture), output,
            TimeSpan.FromMilliseconds(bufferMilliseconds), queueLimit: 100_000);
        return sinks.Sink(sink, restrictedToMinimumLevel);
    }
}
