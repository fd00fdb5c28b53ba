namespace StaticServe.Http;

/// <summary>
/// The metadata of one selected representation (RFC 9110 §3.2, §8): everything the protocol logic
/// needs to decide a response and everything the response headers carry. Precomputed once per cached
/// file; built per request for streamed files.
/// </summary>
internal readonly record struct Representation(
    long Length,
    string ContentType,
    string CacheControl,
    string? ETag,
    string? LastModified,
    DateTimeOffset? LastModifiedDate);
