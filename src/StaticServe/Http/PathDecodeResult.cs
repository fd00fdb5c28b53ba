namespace StaticServe.Http;

/// <summary>What decoding a request target's path produced.</summary>
internal enum PathDecodeResult
{
    /// <summary>A clean, decoded, absolute path was written.</summary>
    Ok,

    /// <summary>The target is malformed or hostile (bad escape, invalid UTF-8, NUL, control character,
    /// backslash, encoded '/', a '.' or '..' segment): 400 Bad Request.</summary>
    BadRequest,

    /// <summary>The decoded path does not fit the caller's buffer: 414 URI Too Long.</summary>
    TooLong,
}
