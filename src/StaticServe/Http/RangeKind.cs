namespace StaticServe.Http;

/// <summary>What a Range header asks for, once evaluated against a representation's length.</summary>
internal enum RangeKind
{
    /// <summary>No Range header, or one that must be ignored (other unit, malformed, abusive): 200 with the whole file.</summary>
    Full,

    /// <summary>Exactly one satisfiable range: 206 with Content-Range.</summary>
    Single,

    /// <summary>Two or more satisfiable ranges: 206 multipart/byteranges.</summary>
    Multiple,

    /// <summary>A valid header none of whose ranges is satisfiable: 416 with Content-Range: bytes */len.</summary>
    Unsatisfiable,
}
