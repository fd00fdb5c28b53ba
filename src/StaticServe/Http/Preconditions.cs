using Microsoft.Extensions.Primitives;

namespace StaticServe.Http;

/// <summary>
/// Conditional requests (RFC 9110 §13): evaluates If-Match, If-Unmodified-Since, If-None-Match and
/// If-Modified-Since in the §13.2.2 order, and decides whether If-Range lets a Range header count
/// (§13.1.5). Pure and allocation-free.
/// </summary>
/// <remarks>
/// A field is "present" when it has at least one well-formed member; empty or all-malformed entity-tag
/// lists count as absent (see <see cref="EntityTag"/>). Date fields with more than one line, or not a
/// valid HTTP-date, are ignored as §13.1.3 and §13.1.4 require.
/// </remarks>
internal static class Preconditions
{
    /// <summary>
    /// §13.2.2: 1. If-Match (strong comparison, §13.1.1) false → 412. 2. Only when If-Match is absent:
    /// If-Unmodified-Since (§13.1.4) with lastModified later than the date → 412. 3. If-None-Match (weak
    /// comparison, §13.1.2) true → 304 for GET/HEAD, 412 otherwise. 4. Only when If-None-Match is absent
    /// and the method is GET/HEAD: If-Modified-Since (§13.1.3) with lastModified not later than the date →
    /// 304. Otherwise proceed. <paramref name="etag"/> is null when ETags are off (then only <c>*</c>
    /// matches); <paramref name="lastModified"/> is null when Last-Modified is off (then date conditions are
    /// ignored) and is already whole seconds.
    /// </summary>
    public static PreconditionOutcome Evaluate(
        bool isGetOrHead,
        StringValues ifMatch,
        StringValues ifUnmodifiedSince,
        StringValues ifNoneMatch,
        StringValues ifModifiedSince,
        string? etag,
        DateTimeOffset? lastModified)
    {
        // Step 1, If-Match; step 2, If-Unmodified-Since only when If-Match is absent.
        var ifMatchTrue = EntityTag.ListMatches(ifMatch, etag, strongComparison: true, out var hasIfMatch);
        if (hasIfMatch)
        {
            if (!ifMatchTrue)
            {
                return PreconditionOutcome.PreconditionFailed;
            }
        }
        else if (lastModified.HasValue
            && TryGetSingleDate(ifUnmodifiedSince, out var unmodifiedSince)
            && lastModified.GetValueOrDefault() > unmodifiedSince)
        {
            return PreconditionOutcome.PreconditionFailed;
        }

        // Step 3, If-None-Match; step 4, If-Modified-Since only when If-None-Match is absent, GET/HEAD only.
        var ifNoneMatchTrue = EntityTag.ListMatches(ifNoneMatch, etag, strongComparison: false, out var hasIfNoneMatch);
        if (hasIfNoneMatch)
        {
            if (ifNoneMatchTrue)
            {
                return isGetOrHead ? PreconditionOutcome.NotModified : PreconditionOutcome.PreconditionFailed;
            }
        }
        else if (isGetOrHead
            && lastModified.HasValue
            && TryGetSingleDate(ifModifiedSince, out var modifiedSince)
            && lastModified.GetValueOrDefault() <= modifiedSince)
        {
            return PreconditionOutcome.NotModified;
        }

        return PreconditionOutcome.Proceed;
    }

    /// <summary>
    /// §13.1.5: true when the Range header should be honoured: If-Range absent, or it holds one strong
    /// entity-tag that strongly matches <paramref name="etag"/>, or one valid HTTP-date exactly equal to
    /// <paramref name="lastModified"/>. A weak tag, a tag or date when that validator is off, an invalid
    /// value, or several If-Range lines → false (send the whole representation with 200).
    /// </summary>
    public static bool IfRangeAllowsRange(StringValues ifRange, string? etag, DateTimeOffset? lastModified)
    {
        if (ifRange.Count == 0)
        {
            return true;
        }

        if (ifRange.Count > 1)
        {
            return false;
        }

        var value = ifRange[0].AsSpan().Trim(" \t");

        // If-Range = entity-tag / HTTP-date: an entity-tag starts with DQUOTE or "W/", a date with a letter.
        if (value.StartsWith("\"", StringComparison.Ordinal) || value.StartsWith("W/", StringComparison.Ordinal))
        {
            return etag is not null && EntityTag.StrongEquals(value, etag);
        }

        return lastModified is { } modified
            && HttpDate.TryParse(value, out var date)
            && date == modified;
    }

    /// <summary>A date field counts only as exactly one line holding a valid HTTP-date (§13.1.3, §13.1.4).</summary>
    private static bool TryGetSingleDate(StringValues field, out DateTimeOffset date)
    {
        date = default;
        return field.Count == 1 && HttpDate.TryParse(field[0], out date);
    }
}
