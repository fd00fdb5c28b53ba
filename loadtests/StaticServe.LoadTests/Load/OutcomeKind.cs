namespace StaticServe.LoadTests.Load;

/// <summary>Owns the classification of one request's result.</summary>
internal enum OutcomeKind
{
    /// <summary>Status, headers and bytes were what the files on disk say.</summary>
    Ok,

    /// <summary>The client dropped the response on purpose (the aborts profile).</summary>
    Aborted,

    /// <summary>Wrong status, wrong bytes, an exception: the profile fails.</summary>
    Failed,
}
