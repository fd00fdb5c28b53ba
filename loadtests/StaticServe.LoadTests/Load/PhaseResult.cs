using HdrHistogram;

namespace StaticServe.LoadTests.Load;

/// <summary>Owns the merged figures of one phase (warm-up or measured) of a profile.</summary>
internal sealed record PhaseResult(
    TimeSpan Elapsed,
    long Requests,
    long Failures,
    long Aborts,
    long Bytes,
    long CacheHitHeaders,
    long CacheMissHeaders,
    HistogramBase Latency,
    IReadOnlyList<string> FailureSamples)
{
    public double RequestsPerSecond => Elapsed.TotalSeconds > 0 ? Requests / Elapsed.TotalSeconds : 0;

    public double BytesPerSecond => Elapsed.TotalSeconds > 0 ? Bytes / Elapsed.TotalSeconds : 0;
}
