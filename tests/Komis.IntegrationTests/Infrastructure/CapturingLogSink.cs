using System.Collections.Concurrent;
using Serilog.Core;
using Serilog.Events;

namespace Komis.IntegrationTests.Infrastructure;

/// <summary>
/// Keeps every Serilog event an app instance writes. Register it with
/// <c>services.AddSingleton&lt;ILogEventSink&gt;(sink)</c> (Serilog reads sinks from the services).
/// </summary>
public sealed class CapturingLogSink : ILogEventSink
{
    public ConcurrentQueue<LogEvent> Events { get; } = new();

    /// <summary>Each event as one line: its message, its properties and its exception, everything a log line could carry.</summary>
    public IEnumerable<string> Lines => Events.Select(Render);

    public void Emit(LogEvent logEvent) => Events.Enqueue(logEvent);

    private static string Render(LogEvent logEvent)
    {
        using var writer = new StringWriter();
        logEvent.RenderMessage(writer);
        writer.Write(" | ");
        foreach (var (name, value) in logEvent.Properties)
        {
            writer.Write($"{name}={value} ");
        }

        writer.Write(logEvent.Exception?.ToString());
        return writer.ToString();
    }
}
