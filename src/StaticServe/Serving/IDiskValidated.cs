namespace StaticServe.Serving;

/// <summary>Something served from memory or an open handle that stands for a file on disk as one
/// stat saw it (the small-file cache's entries, the open-file cache's handles), rechecked by path.</summary>
internal interface IDiskValidated
{
    /// <summary>The path the file was found at.</summary>
    string PhysicalPath { get; }

    /// <summary>The stat the entry was built from.</summary>
    FileStatus Status { get; }

    /// <summary>Environment.TickCount64 of the last successful check against the disk.</summary>
    long ValidatedAtMs { get; set; }
}
