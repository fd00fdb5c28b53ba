using StaticServe.Http;

namespace StaticServe.Tests.Http;

/// <summary>Table tests for <see cref="RangeParser"/> against a 62-byte <c>0-9a-zA-Z</c> representation.</summary>
public sealed class RangeParserTests
{
    /// <summary>Byte i of the fixture is Fixture[i], so expected ranges read as the text they select.</summary>
    private const string Fixture = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";

    /// <summary>A decimal number one digit longer than long.MaxValue.</summary>
    private const string Huge = "99999999999999999999";

    // RFC 9110 §14.1.1 (grammar), §14.1.2 (byte ranges: int-range, suffix-range, clipping) and §14.1
    // (case-insensitive unit), §5.6.1 (list OWS and empty elements). Expected parts are the fixture text
    // each range selects, joined with '|', in the order returned.
    [Theory]
    [InlineData("bytes=0-0", "0")]
    [InlineData("bytes=0-9", "0123456789")]
    [InlineData("bytes=10-19", "abcdefghij")]
    [InlineData("bytes= 0-1", "01")]
    [InlineData("bytes=0-1 ", "01")]
    [InlineData("bytes=\t0-1\t", "01")]
    [InlineData(" bytes=0-1 ", "01")]
    [InlineData("BYTES=0-1", "01")]
    [InlineData("Bytes=0-1", "01")]
    [InlineData("bytes=0-1,", "01")]
    [InlineData("bytes=,0-1", "01")]
    [InlineData("bytes=0-1 , , ", "01")]
    [InlineData("bytes=000-001", "01")]
    [InlineData("bytes=52-", "QRSTUVWXYZ")]
    [InlineData("bytes=61-", "Z")]
    [InlineData("bytes=61-61", "Z")]
    [InlineData("bytes=60-100", "YZ")]
    [InlineData("bytes=0-", Fixture)]
    [InlineData("bytes=0-61", Fixture)]
    [InlineData("bytes=0-62", Fixture)]
    [InlineData("bytes=0-9223372036854775807", Fixture)]
    [InlineData("bytes=0-" + Huge, Fixture)]
    [InlineData("bytes=-1", "Z")]
    [InlineData("bytes=-5", "VWXYZ")]
    [InlineData("bytes=-62", Fixture)]
    [InlineData("bytes=-63", Fixture)]
    [InlineData("bytes=-" + Huge, Fixture)]
    public void Parse_OneSatisfiableRange_ReturnsSingle(string header, string expected)
    {
        AssertParse(header, Fixture.Length, RangeKind.Single, expected);
    }

    // RFC 9110 §14.1.2: "a server ... MUST ignore ... unsatisfiable" ranges among satisfiable ones and
    // serve the rest; §14.2 / §15.3.7.2 allow coalescing overlapping or adjacent ranges (sorted + merged).
    [Theory]
    [InlineData("bytes=62-70,0-0", "0")]
    [InlineData("bytes=-0,5-5", "5")]
    [InlineData("bytes=100-,-3", "XYZ")]
    [InlineData("bytes=0-4,5-9", "0123456789")]
    [InlineData("bytes=5-9,0-4", "0123456789")]
    [InlineData("bytes=0-5,3-9", "0123456789")]
    [InlineData("bytes=3-9,0-5", "0123456789")]
    [InlineData("bytes=0-9,2-3", "0123456789")]
    [InlineData("bytes=0-,-10", Fixture)]
    [InlineData("bytes=0-61,0-61", Fixture)]
    [InlineData("bytes=0-0,0-0,0-0", "0")]
    [InlineData("bytes=-1,61-", "Z")]
    [InlineData("bytes=0-0,0-0,0-0,0-0,0-0,0-0,0-0,0-0,0-0,0-0,0-0,0-0,0-0,0-0,0-0,0-0", "0")]
    public void Parse_SatisfiableRangesCoalescingToOne_ReturnsSingle(string header, string expected)
    {
        AssertParse(header, Fixture.Length, RangeKind.Single, expected);
    }

    // RFC 9110 §14.1.2, §15.3.7.2: several satisfiable ranges → multipart. Order is kept as requested
    // unless two ranges overlap or touch, in which case all are sorted by start and merged.
    [Theory]
    [InlineData("bytes=0-9,20-29", "0123456789|klmnopqrst")]
    [InlineData("bytes=20-29,0-9", "klmnopqrst|0123456789")]
    [InlineData("bytes=0-0,-1", "0|Z")]
    [InlineData("bytes=0-1, 3-4", "01|34")]
    [InlineData("bytes=0-1,,3-4", "01|34")]
    [InlineData("bytes=0-1 ,\t3-4", "01|34")]
    [InlineData("bytes=50-,0-0,25-26", "OPQRSTUVWXYZ|0|pq")]
    [InlineData("bytes=0-4,5-9,20-29", "0123456789|klmnopqrst")]
    [InlineData("bytes=20-29,0-4,3-9", "0123456789|klmnopqrst")]
    [InlineData("bytes=20-29,0-4,62-,5-5", "012345|klmnopqrst")]
    [InlineData("bytes=0-1,3-4,2-2,10-11", "01234|ab")]
    [InlineData("bytes=0-1,62-,3-4", "01|34")]
    public void Parse_SeveralSatisfiableRanges_ReturnsMultiple(string header, string expected)
    {
        AssertParse(header, Fixture.Length, RangeKind.Multiple, expected);
    }

    // RFC 9110 §14.1.2: a valid header none of whose ranges is satisfiable (first-pos at or past EOF,
    // or a zero suffix-length) → 416. Numbers above long.MaxValue saturate: still past EOF.
    [Theory]
    [InlineData("bytes=62-")]
    [InlineData("bytes=62-62")]
    [InlineData("bytes=62-100")]
    [InlineData("bytes=100-200")]
    [InlineData("bytes=-0")]
    [InlineData("bytes=-000")]
    [InlineData("bytes=-0,-0")]
    [InlineData("bytes=62-,100-")]
    [InlineData("bytes=-0,62-")]
    [InlineData("bytes=9223372036854775807-")]
    [InlineData("bytes=" + Huge + "-")]
    [InlineData("bytes=" + Huge + "-" + Huge)]
    [InlineData("bytes=" + Huge + "-" + Huge + "9")]
    [InlineData("bytes=0099999999999999999999-99999999999999999999")]
    public void Parse_NoSatisfiableRange_ReturnsUnsatisfiable(string header)
    {
        AssertParse(header, Fixture.Length, RangeKind.Unsatisfiable, string.Empty);
    }

    // RFC 9110 §14.2: a server MAY ignore Range; §14.1.1: a syntactically invalid header (bad spec,
    // last-pos < first-pos, empty range-set) or another unit is ignored → 200 with the whole file.
    [Theory]
    [InlineData("")]
    [InlineData(" ")]
    [InlineData("bytes")]
    [InlineData("bytes=")]
    [InlineData("bytes= ")]
    [InlineData("bytes=,")]
    [InlineData("bytes= , ,")]
    [InlineData("bytes=-")]
    [InlineData("bytes=--1")]
    [InlineData("bytes=abc")]
    [InlineData("bytes=1")]
    [InlineData("bytes=1-0")]
    [InlineData("bytes=10-9")]
    [InlineData("bytes=0-1,5-4")]
    [InlineData("bytes=0-1,abc")]
    [InlineData("bytes=0-1-2")]
    [InlineData("bytes=0 -1")]
    [InlineData("bytes=0- 1")]
    [InlineData("bytes=- 1")]
    [InlineData("bytes=+1-2")]
    [InlineData("bytes=-+1")]
    [InlineData("bytes=0x1-2")]
    [InlineData("bytes=1.5-2")]
    [InlineData("bytes=0-1;q=1")]
    [InlineData("bytes=0-1\r\n")]
    [InlineData("bytes=\u0663-4")]
    [InlineData("bytes=" + Huge + "-1")]
    [InlineData("bytes=" + Huge + "9-" + Huge)]
    [InlineData("items=0-1")]
    [InlineData("byte=0-1")]
    [InlineData("bytesx=0-1")]
    [InlineData("bytes 0-1")]
    [InlineData("bytes =0-1")]
    [InlineData("bytes:0-1")]
    [InlineData("=0-1")]
    [InlineData("0-1")]
    public void Parse_InvalidOrOtherUnit_ReturnsFull(string header)
    {
        AssertParse(header, Fixture.Length, RangeKind.Full, string.Empty);
    }

    // Abuse guard (issue 4, RFC 9110 §14.2 "MAY ignore"): more than MaxRanges range-specs → 200 full,
    // whether the specs are satisfiable, unsatisfiable, overlapping or a mix.
    [Theory]
    [MemberData(nameof(TooManyRanges))]
    public void Parse_MoreThanMaxRangesSpecs_ReturnsFull(string header)
    {
        AssertParse(header, Fixture.Length, RangeKind.Full, string.Empty);
    }

    public static TheoryData<string> TooManyRanges() => new()
    {
        "bytes=" + string.Join(",", Enumerable.Range(0, RangeParser.MaxRanges + 1).Select(i => $"{i * 2}-{i * 2}")),
        "bytes=" + string.Join(",", Enumerable.Repeat("0-0", RangeParser.MaxRanges + 1)),
        "bytes=" + string.Join(",", Enumerable.Repeat("100-", RangeParser.MaxRanges + 1)),
        "bytes=" + string.Join(",", Enumerable.Repeat("0-", 200)),
        "bytes=0-0," + string.Join(",", Enumerable.Repeat("-0", RangeParser.MaxRanges)),
    };

    [Fact]
    public void Parse_ExactlyMaxRangesDistinctSpecs_ReturnsMultipleInRequestedOrder()
    {
        // Every other byte, so no two ranges touch: 0,2,4,...,30 → "0|2|4|...|u".
        var header = "bytes=" + string.Join(",", Enumerable.Range(0, RangeParser.MaxRanges).Select(i => $"{i * 2}-{i * 2}"));
        var expected = string.Join("|", Enumerable.Range(0, RangeParser.MaxRanges).Select(i => Fixture[i * 2].ToString()));

        AssertParse(header, Fixture.Length, RangeKind.Multiple, expected);
    }

    [Fact]
    public void Parse_MaxRangesSpecsPlusEmptyElements_EmptyElementsDoNotCount()
    {
        var header = "bytes=," + string.Join(", ,", Enumerable.Range(0, RangeParser.MaxRanges).Select(i => $"{i * 2}-{i * 2}")) + ",,";

        var kind = Parse(header, Fixture.Length, out var ranges);

        Assert.Equal(RangeKind.Multiple, kind);
        Assert.Equal(RangeParser.MaxRanges, ranges.Length);
    }

    // RFC 9110 §14.1.2: for a zero-length representation only a suffix-range with a non-zero length is
    // satisfiable; no Content-Range can express the empty result, so it is served as 200 (empty body).
    [Theory]
    [InlineData("bytes=-1", RangeKind.Full)]
    [InlineData("bytes=-100", RangeKind.Full)]
    [InlineData("bytes=0-,-5", RangeKind.Full)]
    [InlineData("bytes=0-", RangeKind.Unsatisfiable)]
    [InlineData("bytes=0-0", RangeKind.Unsatisfiable)]
    [InlineData("bytes=0-10", RangeKind.Unsatisfiable)]
    [InlineData("bytes=-0", RangeKind.Unsatisfiable)]
    [InlineData("bytes=0-0,1-", RangeKind.Unsatisfiable)]
    [InlineData("bytes=1-0", RangeKind.Full)]
    [InlineData("bytes=", RangeKind.Full)]
    [InlineData("items=0-1", RangeKind.Full)]
    public void Parse_ZeroLengthRepresentation_ReturnsExpectedKindAndNoRanges(string header, object expected)
    {
        // object: RangeKind is internal and xunit needs public test methods.
        AssertParse(header, 0, (RangeKind)expected, string.Empty);
    }

    // RFC 9110 §14.1.2 at the edges of long: ranges near long.MaxValue must neither overflow nor lose bytes.
    [Theory]
    [InlineData("bytes=-1", long.MaxValue, long.MaxValue - 1, 1L)]
    [InlineData("bytes=9223372036854775806-", long.MaxValue, long.MaxValue - 1, 1L)]
    [InlineData("bytes=0-", long.MaxValue, 0L, long.MaxValue)]
    [InlineData("bytes=-" + Huge, long.MaxValue, 0L, long.MaxValue)]
    [InlineData("bytes=1-" + Huge, long.MaxValue, 1L, long.MaxValue - 1)]
    [InlineData("bytes=0-0", 1L, 0L, 1L)]
    [InlineData("bytes=-1", 1L, 0L, 1L)]
    public void Parse_LargeNumbers_ReturnsExactRange(string header, long length, long start, long rangeLength)
    {
        Span<ByteRange> ranges = stackalloc ByteRange[RangeParser.MaxRanges];

        var kind = RangeParser.Parse(header, length, ranges, out var count);

        Assert.Equal(RangeKind.Single, kind);
        Assert.Equal(1, count);
        Assert.Equal(new ByteRange(start, rangeLength), ranges[0]);
    }

    [Fact]
    public void Parse_NegativeLength_ReturnsFull()
    {
        AssertParse("bytes=0-1", -1, RangeKind.Full, string.Empty);
    }

    [Theory]
    [InlineData(0L, 1L, 0L)]
    [InlineData(10L, 10L, 19L)]
    [InlineData(61L, 1L, 61L)]
    public void End_StartPlusLengthMinusOne_IsInclusiveLastByte(long start, long length, long end)
    {
        Assert.Equal(end, new ByteRange(start, length).End);
    }

    private static void AssertParse(string header, long length, RangeKind expectedKind, string expectedParts)
    {
        var kind = Parse(header, length, out var ranges);

        Assert.Equal(expectedKind, kind);
        Assert.Equal(expectedParts, string.Join("|", ranges.Select(r => Fixture.Substring((int)r.Start, (int)r.Length))));
    }

    private static RangeKind Parse(string header, long length, out ByteRange[] ranges)
    {
        Span<ByteRange> scratch = stackalloc ByteRange[RangeParser.MaxRanges];
        var kind = RangeParser.Parse(header, length, scratch, out var count);
        ranges = scratch[..count].ToArray();
        return kind;
    }
}
