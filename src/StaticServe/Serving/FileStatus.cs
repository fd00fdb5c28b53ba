namespace StaticServe.Serving;

/// <summary>
/// What one stat of a path tells: kind, size, full-precision modification time, and the identity
/// (device, inode, change time) that catches an atomic rename-over replacement even when size and
/// mtime were made equal. Compared as a whole to decide whether a cached entry is still current.
/// </summary>
internal readonly record struct FileStatus(
    FileKind Kind,
    long Length,
    long ModifiedUnixNanoseconds,
    long ChangedUnixNanoseconds,
    ulong Device,
    ulong Inode)
{
    /// <summary>The status of a path that does not exist (or cannot be read).</summary>
    public static FileStatus Missing => default;

    /// <summary>Last-Modified precision: HTTP dates carry whole seconds (RFC 9110 §5.6.7).</summary>
    public DateTimeOffset ModifiedSeconds =>
        DateTimeOffset.FromUnixTimeSeconds(Math.DivRem(ModifiedUnixNanoseconds, 1_000_000_000L, out var rem) - (rem < 0 ? 1 : 0));
}
