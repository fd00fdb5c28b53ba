using System.Buffers;
using Microsoft.Extensions.Primitives;

namespace StaticServe.Http;

/// <summary>
/// Entity tags (RFC 9110 §8.8.3): creates the server's strong tag for a file, compares tags strongly or
/// weakly (§8.8.3.2) and matches a tag against the <c>"*" / #entity-tag</c> lists of If-Match and
/// If-None-Match without allocating.
/// </summary>
/// <remarks>
/// Lists are parsed leniently, like ASP.NET Core's non-strict <c>EntityTagHeaderValue.TryParseList</c>
/// and nginx's <c>ngx_http_test_if_match</c>: an element that is not a well-formed entity-tag
/// (unquoted, unterminated, bad character, junk after the closing quote) is skipped up to the next
/// comma and never matches, while the well-formed elements around it still count. A field whose every
/// element is empty or malformed is reported as carrying no element, so the caller treats it as absent
/// (checked against ASP.NET Core 10: <c>TryParseList</c> keeps <c>"1"</c> from <c>garbage, "1"</c> and
/// from <c>"1"junk, "1"</c>, and fails for <c>garbage</c>, after which <c>RequestHeaders.IfMatch</c> is an
/// empty list and StaticFiles skips the check).
/// </remarks>
internal static class EntityTag
{
    /// <summary>The wildcard member of If-Match / If-None-Match (§13.1.1, §13.1.2).</summary>
    private const char Wildcard = '*';

    /// <summary>The weakness indicator that prefixes a weak entity-tag (§8.8.3).</summary>
    private const string WeakPrefix = "W/";

    /// <summary>
    /// Longest tag <see cref="Create"/> can produce: two quotes, a dash and two 64-bit values of at most
    /// 16 hex digits each.
    /// </summary>
    private const int MaxCreatedLength = 2 + 1 + 16 + 16;

    /// <summary>etagc = %x21 / %x23-7E / obs-text (§8.8.3; obs-text is %x80-FF, §5.5).</summary>
    private static readonly SearchValues<char> EntityTagChars = SearchValues.Create(
        "!" + CharRange('#', '~') + CharRange('\u0080', '\u00FF'));

    /// <summary>
    /// The strong ETag of a file: <c>"&lt;size hex&gt;-&lt;mtime ns hex&gt;"</c>. Using the full-precision
    /// modification time (not seconds) means a same-size rewrite within one second still gets a new tag,
    /// which a seconds-based tag (a common peer mistake) would not. Negative times (before 1970) are
    /// printed as their two's complement, which keeps them distinct.
    /// </summary>
    public static string Create(long length, long modifiedUnixNanoseconds)
    {
        Span<char> buffer = stackalloc char[MaxCreatedLength];
        buffer[0] = '"';
        var position = 1;
        ((ulong)length).TryFormat(buffer[position..], out var written, "x");
        position += written;
        buffer[position++] = '-';
        ((ulong)modifiedUnixNanoseconds).TryFormat(buffer[position..], out written, "x");
        position += written;
        buffer[position++] = '"';
        return new string(buffer[..position]);
    }

    /// <summary>True when <paramref name="tag"/> is exactly one well-formed entity-tag (§8.8.3), weak or strong.</summary>
    public static bool IsValid(ReadOnlySpan<char> tag) => TryReadTag(tag, 0, out _, out _, out var end) && end == tag.Length;

    /// <summary>
    /// Strong comparison (§8.8.3.2): both tags well-formed, neither weak, and their opaque-tags equal
    /// character by character.
    /// </summary>
    public static bool StrongEquals(ReadOnlySpan<char> left, ReadOnlySpan<char> right) =>
        TryReadTag(left, 0, out var leftWeak, out var leftOpaque, out var leftEnd) && leftEnd == left.Length && !leftWeak
        && TryReadTag(right, 0, out var rightWeak, out var rightOpaque, out var rightEnd) && rightEnd == right.Length && !rightWeak
        && left[leftOpaque].SequenceEqual(right[rightOpaque]);

    /// <summary>
    /// Weak comparison (§8.8.3.2): both tags well-formed and their opaque-tags equal, whether or not
    /// either is weak. <c>W/"x"</c> weakly equals <c>"x"</c>.
    /// </summary>
    public static bool WeakEquals(ReadOnlySpan<char> left, ReadOnlySpan<char> right) =>
        TryReadTag(left, 0, out _, out var leftOpaque, out var leftEnd) && leftEnd == left.Length
        && TryReadTag(right, 0, out _, out var rightOpaque, out var rightEnd) && rightEnd == right.Length
        && left[leftOpaque].SequenceEqual(right[rightOpaque]);

    /// <summary>
    /// Matches the current representation's tag against every line of an If-Match / If-None-Match field
    /// (§13.1.1, §13.1.2; several lines form one list, §5.3). <c>*</c> matches any existing
    /// representation, even when ETags are off (<paramref name="current"/> null); a listed tag never
    /// matches a null <paramref name="current"/>. <paramref name="hasElement"/> reports whether the
    /// field held at least one well-formed member, so the caller can treat an empty or all-garbage
    /// field as absent.
    /// </summary>
    public static bool ListMatches(StringValues field, string? current, bool strongComparison, out bool hasElement)
    {
        hasElement = false;
        var count = field.Count;
        for (var i = 0; i < count; i++)
        {
            if (ListMatches(field[i], current, strongComparison, ref hasElement))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Matches one field line (a comma-separated list) against <paramref name="current"/>; see <see cref="ListMatches(StringValues, string?, bool, out bool)"/>.</summary>
    private static bool ListMatches(ReadOnlySpan<char> list, string? current, bool strongComparison, ref bool hasElement)
    {
        var currentWeak = false;
        var currentOpaque = default(Range);
        var currentValid = current is not null
            && TryReadTag(current, 0, out currentWeak, out currentOpaque, out var currentEnd)
            && currentEnd == current.Length;
        var currentOpaqueSpan = currentValid ? current.AsSpan(currentOpaque) : default;

        var position = 0;
        while (true)
        {
            // §5.6.1: empty elements and OWS around the commas are allowed.
            position = SkipSeparators(list, position);
            if (position >= list.Length)
            {
                return false;
            }

            if (list[position] == Wildcard)
            {
                var afterStar = SkipOws(list, position + 1);
                if (afterStar >= list.Length || list[afterStar] == ',')
                {
                    hasElement = true;
                    return true;
                }

                position = SkipToComma(list, position);
                continue;
            }

            if (TryReadTag(list, position, out var weak, out var opaque, out var end))
            {
                var afterTag = SkipOws(list, end);
                if (afterTag >= list.Length || list[afterTag] == ',')
                {
                    hasElement = true;
                    if (currentValid
                        && (!strongComparison || (!weak && !currentWeak))
                        && list[opaque].SequenceEqual(currentOpaqueSpan))
                    {
                        return true;
                    }

                    position = afterTag;
                    continue;
                }
            }

            // Malformed member: skip it (lenient, see the type's remarks).
            position = SkipToComma(list, position);
        }
    }

    /// <summary>
    /// Reads <c>[ W/ ] DQUOTE *etagc DQUOTE</c> at <paramref name="start"/> (§8.8.3). <paramref name="opaque"/>
    /// covers the opaque-tag including its quotes; <paramref name="end"/> is the index after the closing quote.
    /// </summary>
    private static bool TryReadTag(ReadOnlySpan<char> text, int start, out bool weak, out Range opaque, out int end)
    {
        weak = false;
        opaque = default;
        end = start;
        var position = start;
        if (text[position..].StartsWith(WeakPrefix, StringComparison.Ordinal))
        {
            weak = true;
            position += WeakPrefix.Length;
        }

        if (position >= text.Length || text[position] != '"')
        {
            return false;
        }

        // Find the closing quote, then check everything between with one vectorized scan.
        var opaqueStart = position;
        var close = text[(position + 1)..].IndexOf('"');
        if (close < 0 || text.Slice(position + 1, close).ContainsAnyExcept(EntityTagChars))
        {
            return false;
        }

        end = position + 1 + close + 1;
        opaque = new Range(opaqueStart, end);
        return true;
    }

    private static string CharRange(char first, char last)
    {
        var chars = new char[last - first + 1];
        for (var i = 0; i < chars.Length; i++)
        {
            chars[i] = (char)(first + i);
        }

        return new string(chars);
    }

    private static int SkipOws(ReadOnlySpan<char> text, int position)
    {
        while (position < text.Length && (text[position] == ' ' || text[position] == '\t'))
        {
            position++;
        }

        return position;
    }

    private static int SkipSeparators(ReadOnlySpan<char> text, int position)
    {
        while (position < text.Length && (text[position] == ' ' || text[position] == '\t' || text[position] == ','))
        {
            position++;
        }

        return position;
    }

    private static int SkipToComma(ReadOnlySpan<char> text, int position)
    {
        var comma = text[position..].IndexOf(',');
        return comma < 0 ? text.Length : position + comma;
    }
}
