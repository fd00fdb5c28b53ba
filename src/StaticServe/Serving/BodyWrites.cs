using System.IO.Pipelines;

namespace StaticServe.Serving;

/// <summary>
/// Writes in-memory bodies to the response pipe without an async state machine when the write
/// completes at once (the common case for small bodies), so a cache hit allocates nothing here.
/// Bodies larger than one slice go out a slice at a time, each flush awaited: handing a 2 MiB
/// cached file to the pipe in one write copied all of it into Kestrel's buffers, so every client
/// that stopped reading held 2 MiB of server memory (1,000 such connections: 1.1 GB, measured),
/// where now it holds one slice plus Kestrel's 64 KiB response buffer.
/// </summary>
internal static class BodyWrites
{
    /// <summary>Writes and flushes a small body (error texts, /stats) in one go.</summary>
    public static Task WriteAsync(HttpResponse response, ReadOnlyMemory<byte> body) => WriteAsync(response, body, int.MaxValue, null);

    /// <summary>Writes and flushes <paramref name="body"/>, at most <paramref name="sliceBytes"/> per flush.</summary>
    public static Task WriteAsync(HttpResponse response, ReadOnlyMemory<byte> body, int sliceBytes, SendWatchdog? watchdog)
    {
        if (body.Length > sliceBytes)
        {
            return WriteWatchedAsync(response, body, sliceBytes, watchdog);
        }

        var pending = response.BodyWriter.WriteAsync(body);
        if (pending.IsCompletedSuccessfully)
        {
            _ = pending.Result;
            return Task.CompletedTask;
        }

        return AwaitAsync(pending);
    }

    /// <summary>The slice-by-slice write on its own, for callers already in an async method.</summary>
    public static async Task WriteSlicesAsync(PipeWriter writer, ReadOnlyMemory<byte> body, int sliceBytes, SendWatchdog.Watch? watch)
    {
        while (!body.IsEmpty)
        {
            var slice = body[..Math.Min(sliceBytes, body.Length)];
            var flush = await writer.WriteAsync(slice);
            watch?.Progress(slice.Length);
            if (flush.IsCompleted || flush.IsCanceled)
            {
                return; // the client went away; Kestrel has completed the pipe
            }

            body = body[slice.Length..];
        }
    }

    private static async Task WriteWatchedAsync(HttpResponse response, ReadOnlyMemory<byte> body, int sliceBytes, SendWatchdog? watchdog)
    {
        using var watch = watchdog?.Start(response.HttpContext);
        await WriteSlicesAsync(response.BodyWriter, body, sliceBytes, watch);
    }

    private static async Task AwaitAsync(ValueTask<FlushResult> pending) => await pending;
}
