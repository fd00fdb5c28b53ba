using StaticServe.Http;

namespace StaticServe.Tests.Http;

/// <summary>Tests for <see cref="HttpDate"/>: RFC 9110 §5.6.7 formatting and the three accepted forms.</summary>
public sealed class HttpDateTests
{
    /// <summary>The year RFC 850 two-digit years are resolved against in these tests.</summary>
    private const int CurrentYear = 2026;

    private static readonly DateTimeOffset Rfc9110Example = new(1994, 11, 6, 8, 49, 37, TimeSpan.Zero);

    // RFC 9110 §5.6.7: a sender MUST generate IMF-fixdate, in GMT (UTC).
    [Theory]
    [MemberData(nameof(FormatCases))]
    public void Format_Value_ReturnsImfFixdate(DateTimeOffset value, string expected)
    {
        Assert.Equal(expected, HttpDate.Format(value));
    }

    public static TheoryData<DateTimeOffset, string> FormatCases() => new()
    {
        { Rfc9110Example, "Sun, 06 Nov 1994 08:49:37 GMT" },
        { new DateTimeOffset(1994, 11, 6, 10, 49, 37, TimeSpan.FromHours(2)), "Sun, 06 Nov 1994 08:49:37 GMT" },
        { new DateTimeOffset(1994, 11, 6, 8, 49, 37, 999, TimeSpan.Zero), "Sun, 06 Nov 1994 08:49:37 GMT" },
        { new DateTimeOffset(2024, 2, 29, 0, 0, 0, TimeSpan.Zero), "Thu, 29 Feb 2024 00:00:00 GMT" },
        { new DateTimeOffset(2026, 12, 3, 23, 59, 59, TimeSpan.Zero), "Thu, 03 Dec 2026 23:59:59 GMT" },
        { DateTimeOffset.UnixEpoch, "Thu, 01 Jan 1970 00:00:00 GMT" },
    };

    [Fact]
    public void Format_IntoSpan_WritesFormattedLength()
    {
        Span<char> buffer = stackalloc char[HttpDate.FormattedLength];

        var written = HttpDate.Format(Rfc9110Example, buffer);

        Assert.Equal(HttpDate.FormattedLength, written);
        Assert.Equal("Sun, 06 Nov 1994 08:49:37 GMT", buffer.ToString());
    }

    // RFC 9110 §5.6.7: recipients MUST accept IMF-fixdate, obsolete RFC 850 and asctime forms.
    [Theory]
    [InlineData("Sun, 06 Nov 1994 08:49:37 GMT", 1994, 11, 6, 8, 49, 37)]
    [InlineData("Sunday, 06-Nov-94 08:49:37 GMT", 1994, 11, 6, 8, 49, 37)]
    [InlineData("Sun Nov  6 08:49:37 1994", 1994, 11, 6, 8, 49, 37)]
    [InlineData("Sun Nov 06 08:49:37 1994", 1994, 11, 6, 8, 49, 37)]
    [InlineData("Thu, 29 Feb 2024 23:59:59 GMT", 2024, 2, 29, 23, 59, 59)]
    [InlineData("Wednesday, 31-Dec-25 00:00:00 GMT", 2025, 12, 31, 0, 0, 0)]
    [InlineData("Thu Jan  1 00:00:00 1970", 1970, 1, 1, 0, 0, 0)]
    [InlineData(" Sun, 06 Nov 1994 08:49:37 GMT ", 1994, 11, 6, 8, 49, 37)]
    [InlineData("Mon, 06 Nov 1994 08:49:37 GMT", 1994, 11, 6, 8, 49, 37)]
    [InlineData("Fri, 31 Dec 9999 23:59:59 GMT", 9999, 12, 31, 23, 59, 59)]
    public void TryParse_AcceptedForm_ReturnsUtcDate(string value, int year, int month, int day, int hour, int minute, int second)
    {
        Assert.True(HttpDate.TryParse(value, CurrentYear, out var result));
        Assert.Equal(new DateTimeOffset(year, month, day, hour, minute, second, TimeSpan.Zero), result);
        Assert.Equal(TimeSpan.Zero, result.Offset);
    }

    // RFC 9110 §5.6.7: HTTP-date is case-sensitive, fixed-width and in GMT; anything else is not a date.
    [Theory]
    [InlineData("")]
    [InlineData("garbage")]
    [InlineData("0")]
    [InlineData("1994-11-06T08:49:37Z")]
    [InlineData("sun, 06 nov 1994 08:49:37 gmt")]
    [InlineData("SUN, 06 NOV 1994 08:49:37 GMT")]
    [InlineData("Sun, 06 Nov 1994 08:49:37 gmt")]
    [InlineData("Sun, 06 Nov 1994 08:49:37 UTC")]
    [InlineData("Sun, 06 Nov 1994 08:49:37 +0000")]
    [InlineData("Sun, 06 Nov 1994 08:49:37")]
    [InlineData("Sun, 06 Nov 1994 08:49:37 GMT x")]
    [InlineData("Sun, 06 Nov 1994 08:49:37 GMTx")]
    [InlineData("Sum, 06 Nov 1994 08:49:37 GMT")]
    [InlineData("Sun, 06 Noe 1994 08:49:37 GMT")]
    [InlineData("Sun, 6 Nov 1994 08:49:37 GMT")]
    [InlineData("Sun, 06 Nov 94 08:49:37 GMT")]
    [InlineData("Sun,  06 Nov 1994 08:49:37 GMT")]
    [InlineData("Sun, 06 Nov 1994 8:49:37 GMT")]
    [InlineData("Sun, 06 Nov 1994 08:49 GMT")]
    [InlineData("Sun, 06 Nov 1994 08-49-37 GMT")]
    [InlineData("Sun, 00 Nov 1994 08:49:37 GMT")]
    [InlineData("Sun, 31 Nov 1994 08:49:37 GMT")]
    [InlineData("Sun, 29 Feb 2023 08:49:37 GMT")]
    [InlineData("Sun, 06 Nov 1994 24:00:00 GMT")]
    [InlineData("Sun, 06 Nov 1994 08:60:37 GMT")]
    [InlineData("Sun, 06 Nov 1994 08:49:60 GMT")]
    [InlineData("Sun, 06 Nov 0000 08:49:37 GMT")]
    [InlineData("Sun, +6 Nov 1994 08:49:37 GMT")]
    [InlineData("Sun, \u0660\u0666 Nov 1994 08:49:37 GMT")]
    [InlineData("Sunday, 06-Nov-1994 08:49:37 GMT")]
    [InlineData("Sunday, 06 Nov 94 08:49:37 GMT")]
    [InlineData("Sunday, 06-Nov-94 08:49:37 UTC")]
    [InlineData("Sundae, 06-Nov-94 08:49:37 GMT")]
    [InlineData("sunday, 06-Nov-94 08:49:37 GMT")]
    [InlineData("Sun, 06-Nov-94 08:49:37 GMT")]
    [InlineData("Sun Nov 6 08:49:37 1994")]
    [InlineData("Sun Nov  6 08:49:37 94")]
    [InlineData("Sun Nov  6 08:49:37 1994 GMT")]
    [InlineData("Sun Nov   6 08:49:37 1994")]
    [InlineData("Sun nov  6 08:49:37 1994")]
    public void TryParse_NotAnHttpDate_ReturnsFalse(string value)
    {
        Assert.False(HttpDate.TryParse(value, out _));
        Assert.False(HttpDate.TryParse(value, CurrentYear, out _));
    }

    // RFC 9110 §5.6.7: an RFC 850 two-digit year more than 50 years in the future is the most recent past
    // year with those last two digits (resolved here against 2026).
    [Theory]
    [InlineData("94", 1994)]
    [InlineData("00", 2000)]
    [InlineData("26", 2026)]
    [InlineData("76", 2076)]
    [InlineData("77", 1977)]
    [InlineData("99", 1999)]
    public void TryParse_Rfc850TwoDigitYear_ResolvesWithinFiftyYearWindow(string twoDigits, int expectedYear)
    {
        Assert.True(HttpDate.TryParse($"Sunday, 06-Nov-{twoDigits} 08:49:37 GMT", CurrentYear, out var result));
        Assert.Equal(expectedYear, result.Year);
    }

    [Fact]
    public void TryParse_FormattedValue_RoundTripsToWholeSeconds()
    {
        var value = new DateTimeOffset(2026, 12, 3, 19, 37, 41, 123, TimeSpan.Zero);

        Assert.True(HttpDate.TryParse(HttpDate.Format(value), out var parsed));
        Assert.Equal(new DateTimeOffset(2026, 12, 3, 19, 37, 41, TimeSpan.Zero), parsed);
    }
}
