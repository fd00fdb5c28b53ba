using HdrHistogram;

namespace StaticServe.LoadTests.Load;

/// <summary>Owns one virtual user's private state: its random stream, read buffer, histogram and counters.</summary>
internal sealed class WorkerContext
{
    /// <summary>128 KiB read buffer: two kernel socket-buffer reads per call, few awaits per large body.</summary>
    private const int ReadBufferBytes = 128 * 1024;

    /// <summary>Seeds differ per worker but not per run: a failing sequence can be replayed.</summary>
    private const int SeedBase = 7919;

    public WorkerContext(ProfileContext shared, int index)
    {
        Shared = shared;
        Index = index;
        Random = new Random(SeedBase + index);
    }

    public ProfileContext Shared { get; }

    public int Index { get; }

    public Random Random { get; }

    public byte[] Buffer { get; } = new byte[ReadBufferBytes];

    /// <summary>Requests this worker has made in all phases; profiles use it for deterministic rotations.</summary>
    public long Sequence { get; set; }

    /// <summary>Latencies of the current phase in microseconds.</summary>
    public LongHistogram Histogram { get; } = LatencyHistogram.Create();

    /// <summary>Per-worker state a profile keeps between requests (e.g. the ETags it last saw).</summary>
    public object? ProfileState { get; set; }

    public long Requests { get; set; }

    public long Failures { get; set; }

    public long Aborts { get; set; }

    public long Bytes { get; set; }

    /// <summary>Responses that carried <c>X-Cache: HIT</c> / <c>MISS</c> in this phase.</summary>
    public long CacheHitHeaders { get; set; }

    public long CacheMissHeaders { get; set; }

    /// <summary>Clears the per-phase counters (the random stream and sequence continue).</summary>
    public void ResetPhase()
    {
        Histogram.Reset();
        Requests = 0;
        Failures = 0;
        Aborts = 0;
        Bytes = 0;
        CacheHitHeaders = 0;
        CacheMissHeaders = 0;
    }

    /// <summary>Counts the server's X-Cache header, when present.</summary>
    public void NoteCacheHeader(HttpResponseMessage response)
    {
        if (!response.Headers.TryGetValues("X-Cache", out var values))
        {
            return;
        }

        foreach (var value in values)
        {
            if (value == "HIT")
            {
                CacheHitHeaders++;
            }
            else if (value == "MISS")
            {
                CacheMissHeaders++;
            }
        }
    }
}
