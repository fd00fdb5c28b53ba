namespace StaticServe.Http;

/// <summary>The response chosen for a GET or HEAD of an existing file.</summary>
internal enum ResponseKind
{
    /// <summary>200 with the whole representation.</summary>
    Full,

    /// <summary>206 with one range and Content-Range (RFC 9110 §15.3.7).</summary>
    Partial,

    /// <summary>206 multipart/byteranges (RFC 9110 §14.6).</summary>
    Multipart,

    /// <summary>304 Not Modified (RFC 9110 §15.4.5).</summary>
    NotModified,

    /// <summary>412 Precondition Failed (RFC 9110 §15.5.13).</summary>
    PreconditionFailed,

    /// <summary>416 Range Not Satisfiable with Content-Range: bytes */length (RFC 9110 §15.5.17).</summary>
    RangeNotSatisfiable,
}
