using HdrHistogram;

namespace StaticServe.LoadTests.Load;

/// <summary>Owns the histogram shape every phase uses: microseconds, 1 µs to 5 minutes, 3 significant digits.</summary>
internal static class LatencyHistogram
{
    /// <summary>5 minutes in µs: longer than any request may take before the phase's hard timeout.</summary>
    public const long HighestTrackableMicroseconds = 5L * 60 * 1_000_000;

    /// <summary>3 digits: 0.1 % value precision, the usual HdrHistogram setting for latency.</summary>
    private const int SignificantDigits = 3;

    public static LongHistogram Create() => new(HighestTrackableMicroseconds, SignificantDigits);

    public static void Record(LongHistogram histogram, long microseconds) =>
        histogram.RecordValue(Math.Clamp(microseconds, 1, HighestTrackableMicroseconds));

    /// <summary>A percentile in milliseconds, or 0 for an empty histogram.</summary>
    public static double PercentileMs(HistogramBase histogram, double percentile) =>
        histogram.TotalCount == 0 ? 0 : histogram.GetValueAtPercentile(percentile) / 1000.0;
}
