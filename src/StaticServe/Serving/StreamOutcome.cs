namespace StaticServe.Serving;

/// <summary>How copying a byte range of a file to the response ended.</summary>
internal enum StreamOutcome
{
    /// <summary>Every declared byte was sent.</summary>
    Completed,

    /// <summary>The client went away; stop quietly.</summary>
    ClientGone,

    /// <summary>The file ended before the declared length: the connection must be aborted.</summary>
    FileShrank,
}
