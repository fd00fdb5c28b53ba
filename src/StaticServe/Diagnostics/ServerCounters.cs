namespace StaticServe.Diagnostics;

/// <summary>Request and byte counters of the whole server, updated with Interlocked, read by /stats.</summary>
internal sealed class ServerCounters
{
    private long _requests;
    private long _bytesServed;
    private long _clientAborts;

    /// <summary>Requests handled (every method, every status).</summary>
    public long Requests => Interlocked.Read(ref _requests);

    /// <summary>Body bytes handed to the transport.</summary>
    public long BytesServed => Interlocked.Read(ref _bytesServed);

    /// <summary>Responses cut short because the client went away.</summary>
    public long ClientAborts => Interlocked.Read(ref _clientAborts);

    public void RequestStarted() => Interlocked.Increment(ref _requests);

    public void AddBytes(long count) => Interlocked.Add(ref _bytesServed, count);

    public void ClientAborted() => Interlocked.Increment(ref _clientAborts);
}
