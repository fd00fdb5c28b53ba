using Microsoft.Extensions.Primitives;

namespace StaticServe.Http;

/// <summary>SHELL - replaced by the Http helper.</summary>
internal static class Preconditions
{
    public static PreconditionOutcome Evaluate(bool isGetOrHead, StringValues ifMatch, StringValues ifUnmodifiedSince, StringValues ifNoneMatch, StringValues ifModifiedSince, string? etag, DateTimeOffset? lastModified) => throw new NotImplementedException();

    public static bool IfRangeAllowsRange(StringValues ifRange, string? etag, DateTimeOffset? lastModified) => throw new NotImplementedException();
}
