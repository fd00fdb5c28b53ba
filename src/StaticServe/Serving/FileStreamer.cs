using System.IO.Pipelines;
using Microsoft.Win32.SafeHandles;
using StaticServe.Diagnostics;
using StaticServe.Transport;

namespace StaticServe.Serving;

/// <summary>
/// Copies a byte range of an open file to the response, chunk by chunk, waiting for each flush so a
/// slow client holds at most one chunk plus Kestrel's bounded output pipe. Two ways, measured side by
/// side (loadtests/RESULTS.md, 10 MiB GETs on one core):
/// <list type="bullet">
/// <item>direct (default): pread straight into the response pipe's own memory; one copy fewer;</item>
/// <item>pooled (--stream-via-pool): pread into a buffer rented from our pool, then the pipe copies it.</item>
/// </list>
/// Reads are synchronous pread: served files are normally in the page cache, where a 64 KiB read
/// costs a few microseconds, less than the thread-pool hop of an async read on Linux. Flushes are
/// awaited without a cancellation token: registering the request-aborted token on every flush that
/// waits cost about a third of the CPU per 10 MiB response; an aborted connection still ends the
/// copy, because Kestrel completes or cancels the pipe (the flush result says so) and the token is
/// checked before every read.
/// </summary>
internal sealed class FileStreamer(ServerCounters counters)
{
    /// <summary>
    /// Bytes advanced per flush of a direct body: nginx's sendfile_max_chunk idea. One flush costs
    /// Kestrel's bookkeeping and a syscall whatever its size, and a direct flush holds no buffer, so
    /// larger is cheaper (measured, cached 1 MiB GETs: 364 µs of CPU at 64 KiB per flush, 281 µs at
    /// 1 MiB). Progress within a flush is reported to the send timeout as the socket takes it.
    /// </summary>
    public const int DirectChunkBytes = SocketOutput.MaxDirectAdvance;

    /// <summary>
    /// Sendfile mode (default on HTTP/1.x): the response head goes out through Kestrel, then the kernel
    /// sends the file from the page cache to the socket (<see cref="SocketOutput"/>); no byte of the
    /// body passes through user space.
    /// </summary>
    public async ValueTask<StreamOutcome> CopySendfileAsync(HttpResponse response, SocketOutput output, SafeFileHandle handle, long offset, long count, SendWatchdog.Watch watch, CancellationToken aborted)
    {
        // The head must be in the connection's output before the file is: Kestrel writes it on start.
        await response.StartAsync(CancellationToken.None);
        output.BeginFile(handle, offset, count, watch);
        return await AdvanceDirectAsync(response, output, count, watch, countBytes: true, aborted);
    }

    /// <summary>
    /// The same for a cached body (<see cref="SocketOutput.BeginMemory"/>): sent from the cache's own
    /// array, without the copy into Kestrel's pipe. The caller has counted the bytes.
    /// </summary>
    public async Task SendMemoryAsync(HttpResponse response, SocketOutput output, ReadOnlyMemory<byte> body, SendWatchdog.Watch watch)
    {
        await response.StartAsync(CancellationToken.None);
        output.BeginMemory(body, watch);
        await AdvanceDirectAsync(response, output, body.Length, watch, countBytes: false, CancellationToken.None);
    }

    /// <summary>
    /// Advances the body without writing it, <see cref="DirectChunkBytes"/> per flush, while
    /// <paramref name="output"/> sends the bytes from its source: Kestrel's Content-Length accounting
    /// and back-pressure work as for any body, and the send timeout sees every part a flush sends.
    /// </summary>
    private async ValueTask<StreamOutcome> AdvanceDirectAsync(HttpResponse response, SocketOutput output, long count, SendWatchdog.Watch watch, bool countBytes, CancellationToken aborted)
    {
        var writer = response.BodyWriter;
        var outcome = StreamOutcome.Completed;
        try
        {
            var remaining = count;
            while (remaining > 0)
            {
                if (aborted.IsCancellationRequested)
                {
                    return outcome = StreamOutcome.ClientGone;
                }

                var want = (int)Math.Min(DirectChunkBytes, remaining);
                _ = writer.GetMemory(want);
                writer.Advance(want);
                var flush = await writer.FlushAsync();
                if (output.FileEnded)
                {
                    return outcome = StreamOutcome.FileShrank;
                }

                if (flush.IsCompleted || flush.IsCanceled)
                {
                    return outcome = StreamOutcome.ClientGone;
                }

                watch.Progress(want);
                if (countBytes)
                {
                    counters.AddBytes(want);
                }

                remaining -= want;
            }

            return outcome;
        }
        finally
        {
            output.EndBody();
            if (outcome != StreamOutcome.Completed)
            {
                // Kestrel has counted bytes that never left: the connection must not carry another
                // response after this one.
                response.HttpContext.Abort();
            }
        }
    }

    /// <summary>Direct mode: sends <paramref name="count"/> bytes from <paramref name="offset"/>, reading <paramref name="chunk"/> bytes at a time into the pipe.</summary>
    public async ValueTask<StreamOutcome> CopyDirectAsync(SafeFileHandle handle, long offset, long count, PipeWriter writer, int chunk, SendWatchdog.Watch watch, CancellationToken aborted)
    {
        var remaining = count;
        while (remaining > 0)
        {
            if (aborted.IsCancellationRequested)
            {
                return StreamOutcome.ClientGone;
            }

            var want = (int)Math.Min(chunk, remaining);
            var memory = writer.GetMemory(want);
            var read = RandomAccess.Read(handle, memory.Span[..Math.Min(want, memory.Length)], offset);
            if (read == 0)
            {
                return StreamOutcome.FileShrank;
            }

            writer.Advance(read);
            var flush = await writer.FlushAsync();
            watch.Progress(read);
            counters.AddBytes(read);
            if (flush.IsCompleted || flush.IsCanceled)
            {
                return StreamOutcome.ClientGone;
            }

            offset += read;
            remaining -= read;
        }

        return StreamOutcome.Completed;
    }

    /// <summary>Pooled mode: the same copy through <paramref name="buffer"/>, a buffer rented once per response.</summary>
    public async ValueTask<StreamOutcome> CopyPooledAsync(SafeFileHandle handle, long offset, long count, PipeWriter writer, byte[] buffer, SendWatchdog.Watch watch, CancellationToken aborted)
    {
        var remaining = count;
        while (remaining > 0)
        {
            if (aborted.IsCancellationRequested)
            {
                return StreamOutcome.ClientGone;
            }

            var want = (int)Math.Min(buffer.Length, remaining);
            var read = RandomAccess.Read(handle, buffer.AsSpan(0, want), offset);
            if (read == 0)
            {
                return StreamOutcome.FileShrank;
            }

            var flush = await writer.WriteAsync(buffer.AsMemory(0, read));
            watch.Progress(read);
            counters.AddBytes(read);
            if (flush.IsCompleted || flush.IsCanceled)
            {
                return StreamOutcome.ClientGone;
            }

            offset += read;
            remaining -= read;
        }

        return StreamOutcome.Completed;
    }
}
