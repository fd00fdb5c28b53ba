namespace StaticServe.Http;

/// <summary>
/// Decides, from the request's validators and Range header and a representation's metadata, which
/// response to send: preconditions first (RFC 9110 §13.2.2), then Range (§14.2) for GET only, with
/// If-Range (§13.1.5) deciding whether Range counts. Pure: no I/O, no allocation.
/// </summary>
internal static class ResponsePlanner
{
    /// <summary>Plans the response; <paramref name="ranges"/> (at least <see cref="RangeParser.MaxRanges"/> long) receives the ranges to send.</summary>
    public static ResponseKind Plan(IHeaderDictionary headers, in Representation representation, bool isGet, bool rangesEnabled, Span<ByteRange> ranges, out int rangeCount)
    {
        rangeCount = 0;
        var outcome = Preconditions.Evaluate(
            isGetOrHead: true,
            headers.IfMatch,
            headers.IfUnmodifiedSince,
            headers.IfNoneMatch,
            headers.IfModifiedSince,
            representation.ETag,
            representation.LastModifiedDate);
        if (outcome == PreconditionOutcome.NotModified)
        {
            return ResponseKind.NotModified;
        }

        if (outcome == PreconditionOutcome.PreconditionFailed)
        {
            return ResponseKind.PreconditionFailed;
        }

        // §14.2: Range is defined for GET only; a HEAD answers as a HEAD without Range would.
        if (!isGet || !rangesEnabled)
        {
            return ResponseKind.Full;
        }

        var range = headers.Range;

        // Several Range field lines cannot be combined meaningfully (the field is a single list); ignore them.
        if (range.Count != 1)
        {
            return ResponseKind.Full;
        }

        if (!Preconditions.IfRangeAllowsRange(headers.IfRange, representation.ETag, representation.LastModifiedDate))
        {
            return ResponseKind.Full;
        }

        return RangeParser.Parse(range[0], representation.Length, ranges, out rangeCount) switch
        {
            RangeKind.Single => ResponseKind.Partial,
            RangeKind.Multiple => ResponseKind.Multipart,
            RangeKind.Unsatisfiable => ResponseKind.RangeNotSatisfiable,
            _ => ResponseKind.Full,
        };
    }
}
