using BenchmarkDotNet.Attributes;
using Microsoft.Net.Http.Headers;
using StaticServe.Http;

namespace StaticServe.Benchmarks.Http;

/// <summary>One-range Range header evaluation: <see cref="RangeParser"/> against ASP.NET Core's <see cref="RangeHeaderValue"/> (budget: 0 B).</summary>
[MemoryDiagnoser]
public class RangeParserBenchmarks
{
    /// <summary>10 MiB: the "Range 1 KB of a 10 MiB file" workload of BENCHMARKS.md.</summary>
    private const long Length = 10 * 1024 * 1024;

    private const string Single = "bytes=1048576-1049599";

    private const string Multiple = "bytes=0-1023, 4096-5119, -1024";

    [Benchmark(Baseline = true)]
    public long AspNetCoreRangeHeaderValue()
    {
        // What UseStaticFiles does: parse into objects, then clip against the length.
        if (!RangeHeaderValue.TryParse(Single, out var parsed))
        {
            return -1;
        }

        long total = 0;
        foreach (var item in parsed.Ranges)
        {
            var from = item.From ?? Length - item.To!.Value;
            var to = item.From is null ? Length - 1 : Math.Min(item.To ?? Length - 1, Length - 1);
            total += to - from + 1;
        }

        return total;
    }

    [Benchmark]
    public long SingleRange()
    {
        Span<ByteRange> ranges = stackalloc ByteRange[RangeParser.MaxRanges];
        RangeParser.Parse(Single, Length, ranges, out var count);
        return count == 1 ? ranges[0].Length : -1;
    }

    [Benchmark]
    public long ThreeRanges()
    {
        Span<ByteRange> ranges = stackalloc ByteRange[RangeParser.MaxRanges];
        RangeParser.Parse(Multiple, Length, ranges, out var count);
        return count;
    }
}
