using System.Globalization;

namespace StaticServe.Http;

/// <summary>
/// HTTP-date (RFC 9110 §5.6.7): formats IMF-fixdate and parses the three forms a recipient must accept
/// (IMF-fixdate, obsolete RFC 850, ANSI C asctime), without allocating and without throwing.
/// </summary>
/// <remarks>
/// Parsing is exact to the grammar: case-sensitive names (§5.6.7 "HTTP-date is case sensitive"), fixed
/// digit counts, single spaces, "GMT" required in the two forms that carry a zone. Leniencies, each
/// harmless: OWS around the whole value is trimmed; the day-name must be a real day-name but is not
/// checked against the date (Go's net/http and ASP.NET Core do not check it either). Rejected: second 60
/// (a leap second cannot be represented by <see cref="DateTimeOffset"/>), day 0 or a day past the end of
/// its month, year 0000.
/// </remarks>
internal static class HttpDate
{
    /// <summary>Length of an IMF-fixdate, e.g. "Sun, 06 Nov 1994 08:49:37 GMT".</summary>
    public const int FormattedLength = 29;

    /// <summary>Length of an asctime date, e.g. "Sun Nov  6 08:49:37 1994".</summary>
    private const int AsctimeLength = 24;

    /// <summary>
    /// §5.6.7: an RFC 850 two-digit year that would be more than 50 years in the future is the most recent
    /// past year with the same last two digits.
    /// </summary>
    private const int TwoDigitYearFutureWindow = 50;

    /// <summary>Passed as the current year to mean "read the clock if an RFC 850 date needs it".</summary>
    private const int CurrentYearWhenNeeded = 0;

    private static readonly string[] LongDayNames = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"];

    /// <summary>
    /// IMF-fixdate of <paramref name="value"/> in UTC, sub-second part dropped, e.g.
    /// "Sun, 06 Nov 1994 08:49:37 GMT" (§5.6.7). Allocates only the returned string.
    /// </summary>
    public static string Format(DateTimeOffset value)
    {
        Span<char> buffer = stackalloc char[FormattedLength];
        var written = Format(value, buffer);
        return new string(buffer[..written]);
    }

    /// <summary>Writes the IMF-fixdate of <paramref name="value"/> into <paramref name="destination"/> (at least <see cref="FormattedLength"/> chars) and returns the count written.</summary>
    public static int Format(DateTimeOffset value, Span<char> destination)
    {
        // The invariant "r" pattern is exactly IMF-fixdate once the value is in UTC.
        value.UtcDateTime.TryFormat(destination, out var written, "r", CultureInfo.InvariantCulture);
        return written;
    }

    /// <summary>
    /// Parses an HTTP-date in any of the three forms of §5.6.7; false for anything else. RFC 850 two-digit
    /// years are resolved against the current UTC year.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<char> value, out DateTimeOffset result) =>
        TryParse(value, CurrentYearWhenNeeded, out result);

    /// <summary>
    /// As <see cref="TryParse(ReadOnlySpan{char}, out DateTimeOffset)"/>, with the year that RFC 850 two-digit
    /// years are resolved against (for tests); <see cref="CurrentYearWhenNeeded"/> reads the clock only for
    /// that obsolete form, keeping the clock read (about 20 ns) off the IMF-fixdate path.
    /// </summary>
    internal static bool TryParse(ReadOnlySpan<char> value, int currentYear, out DateTimeOffset result)
    {
        result = default;
        value = value.Trim(" \t");
        if (value.Length < AsctimeLength)
        {
            return false;
        }

        // The three forms are told apart by the character after the day-name: ',' right after three
        // letters is IMF-fixdate, ',' after a long name is RFC 850, ' ' after three letters is asctime.
        if (value[3] == ',')
        {
            return TryParseImfFixdate(value, out result);
        }

        if (value[3] == ' ')
        {
            return TryParseAsctime(value, out result);
        }

        return TryParseRfc850(value, currentYear, out result);
    }

    /// <summary>IMF-fixdate = day-name "," SP date1 SP time-of-day SP GMT; date1 = day SP month SP year (4 digits).</summary>
    private static bool TryParseImfFixdate(ReadOnlySpan<char> value, out DateTimeOffset result)
    {
        result = default;
        return value.Length == FormattedLength
            && IsShortDayName(value[..3])
            && value[4] == ' '
            && TryDigits(value.Slice(5, 2), out var day)
            && value[7] == ' '
            && TryMonth(value.Slice(8, 3), out var month)
            && value[11] == ' '
            && TryDigits(value.Slice(12, 4), out var year)
            && value[16] == ' '
            && TryTimeOfDay(value.Slice(17, 8), out var hour, out var minute, out var second)
            && value[25..].SequenceEqual(" GMT")
            && TryCreate(year, month, day, hour, minute, second, out result);
    }

    /// <summary>asctime-date = day-name SP date3 SP time-of-day SP year; date3 = month SP ( 2DIGIT / ( SP DIGIT ) ).</summary>
    private static bool TryParseAsctime(ReadOnlySpan<char> value, out DateTimeOffset result)
    {
        result = default;
        if (value.Length != AsctimeLength
            || !IsShortDayName(value[..3])
            || !TryMonth(value.Slice(4, 3), out var month)
            || value[7] != ' ')
        {
            return false;
        }

        int day;
        if (value[8] == ' ')
        {
            if (!TryDigits(value.Slice(9, 1), out day))
            {
                return false;
            }
        }
        else if (!TryDigits(value.Slice(8, 2), out day))
        {
            return false;
        }

        return value[10] == ' '
            && TryTimeOfDay(value.Slice(11, 8), out var hour, out var minute, out var second)
            && value[19] == ' '
            && TryDigits(value.Slice(20, 4), out var year)
            && TryCreate(year, month, day, hour, minute, second, out result);
    }

    /// <summary>rfc850-date = day-name-l "," SP date2 SP time-of-day SP GMT; date2 = day "-" month "-" 2DIGIT.</summary>
    private static bool TryParseRfc850(ReadOnlySpan<char> value, int currentYear, out DateTimeOffset result)
    {
        result = default;
        var comma = value.IndexOf(',');
        if (comma < 0 || !IsLongDayName(value[..comma]))
        {
            return false;
        }

        // ", 06-Nov-94 08:49:37 GMT" is 24 characters after the day-name.
        var rest = value[comma..];
        if (rest.Length != 24
            || rest[1] != ' '
            || !TryDigits(rest.Slice(2, 2), out var day)
            || rest[4] != '-'
            || !TryMonth(rest.Slice(5, 3), out var month)
            || rest[8] != '-'
            || !TryDigits(rest.Slice(9, 2), out var twoDigitYear)
            || rest[11] != ' '
            || !TryTimeOfDay(rest.Slice(12, 8), out var hour, out var minute, out var second)
            || !rest[20..].SequenceEqual(" GMT"))
        {
            return false;
        }

        if (currentYear == CurrentYearWhenNeeded)
        {
            currentYear = DateTime.UtcNow.Year;
        }

        var year = (currentYear / 100 * 100) + twoDigitYear;
        if (year > currentYear + TwoDigitYearFutureWindow)
        {
            year -= 100;
        }

        return TryCreate(year, month, day, hour, minute, second, out result);
    }

    /// <summary>time-of-day = hour ":" minute ":" second, two digits each.</summary>
    private static bool TryTimeOfDay(ReadOnlySpan<char> text, out int hour, out int minute, out int second)
    {
        minute = 0;
        second = 0;
        return TryDigits(text[..2], out hour)
            && text[2] == ':'
            && TryDigits(text.Slice(3, 2), out minute)
            && text[5] == ':'
            && TryDigits(text.Slice(6, 2), out second);
    }

    /// <summary>month = "Jan" / ... / "Dec", case-sensitive; matched as three packed chars (no string compares).</summary>
    private static bool TryMonth(ReadOnlySpan<char> text, out int month)
    {
        month = Pack(text) switch
        {
            ('J' << 16) | ('a' << 8) | 'n' => 1,
            ('F' << 16) | ('e' << 8) | 'b' => 2,
            ('M' << 16) | ('a' << 8) | 'r' => 3,
            ('A' << 16) | ('p' << 8) | 'r' => 4,
            ('M' << 16) | ('a' << 8) | 'y' => 5,
            ('J' << 16) | ('u' << 8) | 'n' => 6,
            ('J' << 16) | ('u' << 8) | 'l' => 7,
            ('A' << 16) | ('u' << 8) | 'g' => 8,
            ('S' << 16) | ('e' << 8) | 'p' => 9,
            ('O' << 16) | ('c' << 8) | 't' => 10,
            ('N' << 16) | ('o' << 8) | 'v' => 11,
            ('D' << 16) | ('e' << 8) | 'c' => 12,
            _ => 0,
        };
        return month > 0;
    }

    /// <summary>day-name = "Mon" / ... / "Sun", case-sensitive.</summary>
    private static bool IsShortDayName(ReadOnlySpan<char> text) => Pack(text) switch
    {
        ('M' << 16) | ('o' << 8) | 'n' => true,
        ('T' << 16) | ('u' << 8) | 'e' => true,
        ('W' << 16) | ('e' << 8) | 'd' => true,
        ('T' << 16) | ('h' << 8) | 'u' => true,
        ('F' << 16) | ('r' << 8) | 'i' => true,
        ('S' << 16) | ('a' << 8) | 't' => true,
        ('S' << 16) | ('u' << 8) | 'n' => true,
        _ => false,
    };

    /// <summary>day-name-l = "Monday" / ... / "Sunday", case-sensitive.</summary>
    private static bool IsLongDayName(ReadOnlySpan<char> text)
    {
        foreach (var name in LongDayNames)
        {
            if (text.SequenceEqual(name))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Three chars packed into one int for switch matching; anything non-ASCII or not three long packs to -1.</summary>
    private static int Pack(ReadOnlySpan<char> text) =>
        text.Length == 3 && char.IsAscii(text[0]) && char.IsAscii(text[1]) && char.IsAscii(text[2])
            ? (text[0] << 16) | (text[1] << 8) | text[2]
            : -1;

    /// <summary>ASCII digits only (int.TryParse would accept signs and whitespace).</summary>
    private static bool TryDigits(ReadOnlySpan<char> text, out int value)
    {
        value = 0;
        foreach (var c in text)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }

            value = (value * 10) + (c - '0');
        }

        return true;
    }

    private static bool TryCreate(int year, int month, int day, int hour, int minute, int second, out DateTimeOffset result)
    {
        result = default;
        if (year < 1 || day < 1 || day > DateTime.DaysInMonth(year, month) || hour > 23 || minute > 59 || second > 59)
        {
            return false;
        }

        result = new DateTimeOffset(year, month, day, hour, minute, second, TimeSpan.Zero);
        return true;
    }
}
