namespace StaticServe.Serving;

/// <summary>
/// Decides, per streamed response, whether it may read straight into the response pipe (direct) or
/// must go through a buffer rented from our pool. A direct chunk larger than Kestrel's 4 KiB memory
/// blocks makes the pipe rent an array from <c>ArrayPool&lt;byte&gt;.Shared</c>, which keeps at most
/// 32 arrays of a size per CPU and drops the rest on return; a slow client holds its array until the
/// socket drains. So a few concurrent streams are cheapest direct (one copy fewer: 4.3 ms instead of
/// 5.7 ms of CPU per 10 MiB response), while hundreds of slow downloads made the shared pool allocate
/// nearly every chunk anew (measured: 518 MB allocated in 12 s and 215 MiB RSS for 200 clients at
/// 512 KiB/s, against 77 MB and 119 MiB through our pool; loadtests/RESULTS.md). Streams beyond the
/// shared pool's retention therefore use our bounded pool, which is what it is for.
/// </summary>
internal sealed class DirectStreamGate(int limit)
{
    /// <summary>ArrayPool&lt;byte&gt;.Shared's retention for one array size: 32 per partition
    /// (DOTNET_SYSTEM_BUFFERS_SHAREDARRAYPOOL_MAXARRAYSPERPARTITION's default), one partition per CPU.</summary>
    public static int DefaultLimit => 32 * Environment.ProcessorCount;

    private int _active;

    /// <summary>Most direct streams at once.</summary>
    public int Limit { get; } = limit;

    /// <summary>Direct streams in flight now.</summary>
    public int Active => Volatile.Read(ref _active);

    /// <summary>Takes a direct slot; the caller must <see cref="Exit"/> when its response ends.</summary>
    public bool TryEnter()
    {
        if (Interlocked.Increment(ref _active) <= Limit)
        {
            return true;
        }

        Interlocked.Decrement(ref _active);
        return false;
    }

    /// <summary>Gives back a slot taken by <see cref="TryEnter"/>.</summary>
    public void Exit() => Interlocked.Decrement(ref _active);
}
