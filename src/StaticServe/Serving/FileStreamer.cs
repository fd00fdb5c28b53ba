using System.IO.Pipelines;
using Microsoft.Win32.SafeHandles;
using StaticServe.Diagnostics;

namespace StaticServe.Serving;

/// <summary>
/// Copies a byte range of an open file to the response through one pooled buffer: pread into the
/// buffer (RandomAccess, no FileStream buffering), write to the response's PipeWriter, and wait for
/// the flush, so a slow client holds at most its one buffer plus Kestrel's bounded output pipe.
/// Reads are synchronous: served files are normally in the page cache, where a 64 KiB pread costs
/// a few microseconds, less than the thread-pool hop an async read on Linux would add.
/// </summary>
internal sealed class FileStreamer(ServerCounters counters)
{
    /// <summary>Sends <paramref name="count"/> bytes from <paramref name="offset"/>; never more, and never silently fewer.</summary>
    public async ValueTask<StreamOutcome> CopyAsync(SafeFileHandle handle, long offset, long count, PipeWriter writer, byte[] buffer, CancellationToken cancellationToken)
    {
        var remaining = count;
        while (remaining > 0)
        {
            if (cancellationToken.IsCancellationRequested)
            {
                return StreamOutcome.ClientGone;
            }

            var want = (int)Math.Min(buffer.Length, remaining);
            var read = RandomAccess.Read(handle, buffer.AsSpan(0, want), offset);
            if (read == 0)
            {
                return StreamOutcome.FileShrank;
            }

            var flush = await writer.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
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
