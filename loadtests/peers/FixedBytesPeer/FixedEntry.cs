using Microsoft.Extensions.Primitives;

namespace StaticServe.Peers.FixedBytesPeer;

/// <summary>Owns one file's bytes and its response headers, all built once at start-up.</summary>
internal sealed record FixedEntry(
    byte[] Body,
    StringValues ContentType,
    StringValues ETag,
    StringValues LastModified,
    StringValues CacheControl);
