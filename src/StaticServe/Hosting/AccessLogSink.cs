using System.Text;
using Serilog.Core;
using Serilog.Events;
using Serilog.Formatting;

namespace StaticServe.Hosting;

/// <summary>
/// The access log's output: Serilog hands it batches from a bounded queue on a background task, and
/// each batch is formatted into one buffer and written with one flush. Serilog's console sink writes
/// and flushes every event under a lock on the request's own thread: one write syscall per request.
/// </summary>
internal sealed class AccessLogSink(ITextFormatter formatter, Stream output) : IBatchedLogEventSink, IDisposable
{
    // 64 KiB holds a few hundred access lines: a full batch costs a handful of writes, not hundreds.
    private readonly StreamWriter _writer = new(output, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), bufferSize: 64 * 1024, leaveOpen: true);

    public Task EmitBatchAsync(IReadOnlyCollection<LogEvent> batch)
    {
        foreach (var logEvent in batch)
        {
            formatter.Format(logEvent, _writer);
        }

        _writer.Flush();
        return Task.CompletedTask;
    }

    public Task OnEmptyBatchAsync() => Task.CompletedTask;

    public void Dispose() => _writer.Dispose();
}
