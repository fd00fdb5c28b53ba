namespace StaticServe.Diagnostics;

/// <summary>Request and byte counters of the whole server, updated with Interlocked, read by /stats.</summary>
internal sealed class ServerCounters
{
    private long _requests;
    private long _bytesServed;
    private long _clientAborts;
    private long _sendfileBytes;
    private long _sendfileCopiedBytes;

    /// <summary>Requests handled (every method, every status).</summary>
    public long Requests => Interlocked.Read(ref _requests);

    /// <summary>Body bytes handed to the transport.</summary>
    public long BytesServed => Interlocked.Read(ref _bytesServed);

    /// <summary>Responses cut short because the client went away.</summary>
    public long ClientAborts => Interlocked.Read(ref _clientAborts);

    /// <summary>File bytes the kernel sent straight from the page cache (sendfile).</summary>
    public long SendfileBytes => Interlocked.Read(ref _sendfileBytes);

    /// <summary>File bytes of sendfile responses copied through a pooled buffer instead, because the
    /// client's socket was full (a client slower than the disk).</summary>
    public long SendfileCopiedBytes => Interlocked.Read(ref _sendfileCopiedBytes);

    public void RequestStarted() => Interlocked.Increment(ref _requests);

    public void AddBytes(long count) => Interlocked.Add(ref _bytesServed, count);

    public void ClientAborted() => Interlocked.Increment(ref _clientAborts);

    public void AddSendfile(long sent, long copied)
    {
        Interlocked.Add(ref _sendfileBytes, sent);
        if (copied > 0)
        {
            Interlocked.Add(ref _sendfileCopiedBytes, copied);
        }
    }
}
