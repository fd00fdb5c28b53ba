namespace StaticServe.Http;

/// <summary>The result of evaluating a request's preconditions (RFC 9110 §13.2.2).</summary>
internal enum PreconditionOutcome
{
    /// <summary>Go on to serve the request (Range may still apply).</summary>
    Proceed,

    /// <summary>304 Not Modified (If-None-Match or If-Modified-Since on GET/HEAD).</summary>
    NotModified,

    /// <summary>412 Precondition Failed (If-Match, If-Unmodified-Since, or If-None-Match on other methods).</summary>
    PreconditionFailed,
}
