using Microsoft.Extensions.Primitives;
using StaticServe.Http;

namespace StaticServe.Tests.Http;

/// <summary>
/// Allocation budget of the Http hot paths: 0 bytes per call once warm, measured with
/// <see cref="GC.GetAllocatedBytesForCurrentThread"/> around a loop.
/// </summary>
public sealed class ZeroAllocationTests
{
    /// <summary>Enough calls that a single stray allocation per call (≥ 24 B) could not hide.</summary>
    private const int Iterations = 10_000;

    private const string ETag = "\"3e-17a\"";

    [Fact]
    public void RangeParserParse_WarmLoop_AllocatesNothing()
    {
        var single = "bytes=100-199";
        var multiple = "bytes=0-9, 20-29, -5";
        var overlapping = "bytes=20-29,0-4,3-9";

        var allocated = Measure(() =>
        {
            Span<ByteRange> ranges = stackalloc ByteRange[RangeParser.MaxRanges];
            var total = 0;
            total += (int)RangeParser.Parse(single, 10_000, ranges, out var count) + count;
            total += (int)RangeParser.Parse(multiple, 10_000, ranges, out count) + count;
            total += (int)RangeParser.Parse(overlapping, 10_000, ranges, out count) + count;
            return total;
        });

        Assert.Equal(0, allocated);
    }

    [Fact]
    public void PreconditionsEvaluate_IfNoneMatchHit_AllocatesNothing()
    {
        var ifNoneMatch = new StringValues("\"a\", W/\"3e-17a\"");
        var ifModifiedSince = new StringValues("Sun, 06 Nov 1994 08:49:37 GMT");
        var lastModified = new DateTimeOffset(1994, 11, 6, 8, 49, 37, TimeSpan.Zero);

        var allocated = Measure(() =>
        {
            var inm = Preconditions.Evaluate(true, default, default, ifNoneMatch, default, ETag, lastModified);
            var ims = Preconditions.Evaluate(true, default, default, default, ifModifiedSince, ETag, lastModified);
            var range = Preconditions.IfRangeAllowsRange(new StringValues(ETag), ETag, lastModified);
            return (int)inm + (int)ims + (range ? 1 : 0);
        });

        Assert.Equal(0, allocated);
    }

    [Fact]
    public void ContentTypeMapForFileName_WarmLoop_AllocatesNothing()
    {
        var allocated = Measure(() =>
            ContentTypeMap.ForFileName("assets/app.JS").Length
            + ContentTypeMap.ForFileName("index.html").Length
            + ContentTypeMap.ForFileName("README").Length);

        Assert.Equal(0, allocated);
    }

    [Fact]
    public void HttpDateTryParse_WarmLoop_AllocatesNothing()
    {
        var allocated = Measure(() =>
            (HttpDate.TryParse("Sun, 06 Nov 1994 08:49:37 GMT", out var a) ? a.Second : 0)
            + (HttpDate.TryParse("Sunday, 06-Nov-94 08:49:37 GMT", out var b) ? b.Second : 0)
            + (HttpDate.TryParse("Sun Nov  6 08:49:37 1994", out var c) ? c.Second : 0));

        Assert.Equal(0, allocated);
    }

    /// <summary>Bytes allocated on this thread by <see cref="Iterations"/> calls, after a warm-up round of as many.</summary>
    private static long Measure(Func<int> call)
    {
        var sink = 0;
        for (var i = 0; i < Iterations; i++)
        {
            sink += call();
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < Iterations; i++)
        {
            sink += call();
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        GC.KeepAlive(sink);
        return allocated;
    }
}
