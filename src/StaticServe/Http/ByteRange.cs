namespace StaticServe.Http;

/// <summary>One satisfiable byte range, already clipped to the representation (RFC 9110 §14.1.2).</summary>
internal readonly record struct ByteRange(long Start, long Length)
{
    /// <summary>Last byte position, inclusive, as written in Content-Range.</summary>
    public long End => Start + Length - 1;
}
