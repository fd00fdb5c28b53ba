namespace StaticServe.Serving;

/// <summary>The kind of file-system object a path names, after following symlinks.</summary>
internal enum FileKind
{
    /// <summary>Nothing there, or not accessible.</summary>
    Missing,

    /// <summary>A regular file.</summary>
    File,

    /// <summary>A directory.</summary>
    Directory,

    /// <summary>Anything else (device, socket, fifo): never served.</summary>
    Other,
}
