using System.Diagnostics;

namespace StaticServe.Http;

/// <summary>
/// Evaluates a Range header (RFC 9110 §14.1-14.2) against a representation length: which byte ranges to
/// send, or that the header must be ignored (200) or cannot be satisfied (416). Never throws, never allocates.
/// </summary>
/// <remarks>
/// <para>Grammar (§14.1.1): <c>ranges-specifier = range-unit "=" range-set</c>; the unit is <c>bytes</c>,
/// matched case-insensitively (§14.1); any other unit makes the header ignored (Full). The range-set is a
/// list (§5.6.1): OWS around commas and around the set, and empty elements, are tolerated; at least one
/// range-spec is required. Each spec is <c>first-"-"[last]</c> or <c>"-"suffix</c>, digits only, no inner
/// whitespace. A malformed spec, or <c>last &lt; first</c>, makes the whole header invalid: ignored (Full).</para>
/// <para>Numbers are arbitrary-length digit strings; a value above <see cref="long.MaxValue"/> is
/// saturated to it, which is exact for every comparison against a real length: a first-pos that
/// overflows is past EOF (unsatisfiable), a last-pos that overflows is clipped to the last byte, an
/// overflowing suffix means the whole file. <c>last &lt; first</c> is still decided exactly (by comparing
/// the digit strings) when both overflow.</para>
/// <para>Satisfiable (§14.1.2): <c>first &lt; length</c>, or a suffix with a non-zero length. A last-pos past
/// EOF is clipped to <c>length - 1</c>; a suffix longer than the file means the whole file.
/// A zero-byte file: only <c>-n</c> (n &gt; 0) is satisfiable, but no Content-Range can describe an empty
/// range, so such a header yields Full (200, empty body); every other valid header yields Unsatisfiable.</para>
/// <para>Abuse guard: more than <see cref="MaxRanges"/> non-empty range-specs (satisfiable or not) →
/// Full, the way Apache's <c>MaxRanges</c> answers 200 (§14.2 lets a server ignore Range).</para>
/// <para>Coalescing (§14.2, §15.3.7.2 allow it): if any two satisfiable ranges overlap or touch
/// (<c>a.Start &lt;= b.End + 1</c> and <c>b.Start &lt;= a.End + 1</c>), all ranges are sorted by start and
/// every overlapping or adjacent run is merged into one range, as Apache 2.4's byterange filter does;
/// the result may be a single range (Single). This also covers ranges whose total exceeds the file
/// (impossible without overlap once clipped). When no two ranges overlap or touch, the requested order
/// is kept untouched, because clients match parts to requests in that order.</para>
/// </remarks>
internal static class RangeParser
{
    /// <summary>
    /// Most range-specs honoured in one header; more means the Range header is ignored (200 full).
    /// 16: real clients ask for one range (media seeking, resumed downloads, PDF.js) or a handful (PDF
    /// byte-serving in Acrobat asks for a few at a time); the Apache-Killer attack (CVE-2011-3192) used
    /// hundreds of overlapping ranges. 16 keeps the caller's stackalloc scratch at 256 bytes and the
    /// multipart response to at most 16 parts.
    /// </summary>
    public const int MaxRanges = 16;

    /// <summary>The only range unit this server supports (§14.1, registered in §16.5).</summary>
    private const string BytesUnit = "bytes";

    /// <summary>
    /// Evaluates <paramref name="value"/> (the one Range header line) against a representation of
    /// <paramref name="length"/> bytes, writing satisfiable ranges to <paramref name="ranges"/> (give it
    /// <see cref="MaxRanges"/> elements) and their number to <paramref name="count"/>. See the type's remarks
    /// for the exact rules.
    /// </summary>
    public static RangeKind Parse(ReadOnlySpan<char> value, long length, Span<ByteRange> ranges, out int count)
    {
        Debug.Assert(ranges.Length >= MaxRanges, "The caller's scratch span must hold MaxRanges ranges.");
        count = 0;
        if (length < 0)
        {
            return RangeKind.Full;
        }

        value = value.Trim(" \t");
        if (value.Length <= BytesUnit.Length
            || !value.StartsWith(BytesUnit, StringComparison.OrdinalIgnoreCase)
            || value[BytesUnit.Length] != '=')
        {
            return RangeKind.Full;
        }

        var set = value[(BytesUnit.Length + 1)..];
        var capacity = Math.Min(MaxRanges, ranges.Length);
        var specs = 0;
        var written = 0;
        var emptySuffixOfEmptyFile = false;
        while (true)
        {
            var comma = set.IndexOf(',');
            var element = (comma < 0 ? set : set[..comma]).Trim(" \t");
            if (!element.IsEmpty)
            {
                if (++specs > MaxRanges || !TryParseSpec(element, out var first, out var last, out var isSuffix))
                {
                    return RangeKind.Full;
                }

                if (length == 0)
                {
                    // §14.1.2: "-n" with n > 0 is satisfiable for an empty representation, but there is
                    // no Content-Range for it; remember it and answer Full below.
                    emptySuffixOfEmptyFile |= isSuffix && last > 0;
                }
                else if (TryClip(first, last, isSuffix, length, out var range))
                {
                    if (written == capacity)
                    {
                        return RangeKind.Full;
                    }

                    ranges[written++] = range;
                }
            }

            if (comma < 0)
            {
                break;
            }

            set = set[(comma + 1)..];
        }

        if (specs == 0)
        {
            // "bytes=" or "bytes= , ,": range-set needs at least one range-spec.
            return RangeKind.Full;
        }

        if (length == 0)
        {
            return emptySuffixOfEmptyFile ? RangeKind.Full : RangeKind.Unsatisfiable;
        }

        count = written > 1 ? Coalesce(ranges[..written]) : written;
        return count switch
        {
            0 => RangeKind.Unsatisfiable,
            1 => RangeKind.Single,
            _ => RangeKind.Multiple,
        };
    }

    /// <summary>
    /// int-range = first-pos "-" [ last-pos ] / suffix-range = "-" suffix-length (§14.1.1). For a suffix,
    /// <paramref name="last"/> holds the suffix-length. An open-ended int-range has last = long.MaxValue.
    /// </summary>
    private static bool TryParseSpec(ReadOnlySpan<char> spec, out long first, out long last, out bool isSuffix)
    {
        first = 0;
        last = 0;
        isSuffix = spec[0] == '-';
        if (isSuffix)
        {
            return TryParseNumber(spec[1..], out last, out _);
        }

        var dash = spec.IndexOf('-');
        if (dash < 0)
        {
            return false;
        }

        var firstDigits = spec[..dash];
        var lastDigits = spec[(dash + 1)..];
        if (!TryParseNumber(firstDigits, out first, out var firstOverflow))
        {
            return false;
        }

        if (lastDigits.IsEmpty)
        {
            last = long.MaxValue;
            return true;
        }

        if (!TryParseNumber(lastDigits, out last, out var lastOverflow))
        {
            return false;
        }

        // §14.1.1: last-pos < first-pos makes the spec invalid. Saturated values compare equal, so two
        // overflowing numbers are compared as digit strings.
        return firstOverflow && lastOverflow
            ? CompareDigits(firstDigits, lastDigits) <= 0
            : !firstOverflow && first <= last;
    }

    /// <summary>1*DIGIT, saturated at <see cref="long.MaxValue"/> (<paramref name="overflow"/> set when the true value is larger).</summary>
    private static bool TryParseNumber(ReadOnlySpan<char> digits, out long value, out bool overflow)
    {
        value = 0;
        overflow = false;
        if (digits.IsEmpty)
        {
            return false;
        }

        foreach (var c in digits)
        {
            if (!char.IsAsciiDigit(c))
            {
                return false;
            }

            var digit = c - '0';
            if (overflow || value > (long.MaxValue - digit) / 10)
            {
                overflow = true;
                value = long.MaxValue;
            }
            else
            {
                value = (value * 10) + digit;
            }
        }

        return true;
    }

    /// <summary>Compares two digit strings numerically, ignoring leading zeros.</summary>
    private static int CompareDigits(ReadOnlySpan<char> left, ReadOnlySpan<char> right)
    {
        left = left.TrimStart('0');
        right = right.TrimStart('0');
        return left.Length != right.Length ? left.Length.CompareTo(right.Length) : left.SequenceCompareTo(right);
    }

    /// <summary>Clips a parsed spec to a non-empty representation (§14.1.2); false when unsatisfiable.</summary>
    private static bool TryClip(long first, long last, bool isSuffix, long length, out ByteRange range)
    {
        if (isSuffix)
        {
            if (last == 0)
            {
                range = default;
                return false;
            }

            var suffix = Math.Min(last, length);
            range = new ByteRange(length - suffix, suffix);
            return true;
        }

        if (first >= length)
        {
            range = default;
            return false;
        }

        var end = Math.Min(last, length - 1);
        range = new ByteRange(first, end - first + 1);
        return true;
    }

    /// <summary>
    /// When any two ranges overlap or touch, sorts by start and merges every overlapping or adjacent run;
    /// otherwise leaves the requested order alone. Returns the number of ranges left.
    /// </summary>
    private static int Coalesce(Span<ByteRange> ranges)
    {
        if (!AnyOverlapOrAdjacent(ranges))
        {
            return ranges.Length;
        }

        // Insertion sort: at most MaxRanges elements, no comparer delegate, no allocation.
        for (var i = 1; i < ranges.Length; i++)
        {
            var item = ranges[i];
            var j = i - 1;
            while (j >= 0 && ranges[j].Start > item.Start)
            {
                ranges[j + 1] = ranges[j];
                j--;
            }

            ranges[j + 1] = item;
        }

        var merged = 0;
        var current = ranges[0];
        for (var i = 1; i < ranges.Length; i++)
        {
            var next = ranges[i];
            if (next.Start <= current.End + 1)
            {
                var end = Math.Max(current.End, next.End);
                current = new ByteRange(current.Start, end - current.Start + 1);
            }
            else
            {
                ranges[merged++] = current;
                current = next;
            }
        }

        ranges[merged++] = current;
        return merged;
    }

    /// <summary>True when some pair of ranges shares a byte or touches end to start (O(n²), n ≤ <see cref="MaxRanges"/>).</summary>
    private static bool AnyOverlapOrAdjacent(ReadOnlySpan<ByteRange> ranges)
    {
        for (var i = 0; i < ranges.Length; i++)
        {
            for (var j = i + 1; j < ranges.Length; j++)
            {
                if (ranges[i].Start <= ranges[j].End + 1 && ranges[j].Start <= ranges[i].End + 1)
                {
                    return true;
                }
            }
        }

        return false;
    }
}
