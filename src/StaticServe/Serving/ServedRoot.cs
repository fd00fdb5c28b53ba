using Microsoft.Win32.SafeHandles;
using StaticServe.Configuration;

namespace StaticServe.Serving;

/// <summary>
/// The served folder: maps a decoded request path under it and decides whether a file's real
/// location (symlinks resolved) is still inside it and allowed by the dotfiles policy.
/// </summary>
internal sealed class ServedRoot
{
    /// <summary>The real root and the same with a trailing slash, swapped as one.</summary>
    private volatile RealRootPaths _real;
    private readonly DotfilesPolicy _dotfiles;

    public ServedRoot(string root, DotfilesPolicy dotfiles)
    {
        Path = root.Length > 1 ? root.TrimEnd('/') : root;
        var real = RealPath.Resolve(Path) ?? Path;
        _real = new RealRootPaths(real);
        _dotfiles = dotfiles;
    }

    /// <summary>The root as configured (absolute, no trailing slash unless it is "/").</summary>
    public string Path { get; }

    /// <summary>The root with symlinks resolved.</summary>
    public string RealRoot => _real.Path;

    /// <summary>The physical path of a decoded request path (which starts with '/' and has no dot segments).</summary>
    public string Map(ReadOnlySpan<char> relative) => Path == "/" ? relative.ToString() : string.Concat(Path, relative);

    /// <summary>
    /// True when the file's real path lies inside the real root and passes the dotfiles policy. A
    /// symlink inside the tree that points elsewhere (`ln -s /etc leak`) fails here, so nothing
    /// outside the root is readable however the tree is arranged.
    /// </summary>
    public bool IsServable(string physicalPath) => IsServableRealPath(RealPath.Resolve(physicalPath));

    /// <summary>
    /// The same decision for the file an open handle refers to. The check before the open is on a
    /// path that can be swapped for a symlink (`mv link-to-/etc/passwd page.txt`) before the open
    /// follows it; this one asks the kernel where the opened file is, so what is read is what was
    /// checked.
    /// </summary>
    public bool IsServable(SafeFileHandle handle, string physicalPath) =>
        IsServableRealPath(RealPath.OfHandle(handle) ?? RealPath.Resolve(physicalPath));

    private bool IsServableRealPath(string? real)
    {
        if (real is null)
        {
            return false;
        }

        var root = _real;
        if (!root.Contains(real))
        {
            // The root may itself be a symlink that a deploy has switched (current -> release-2):
            // look again, only on this refusal path, rather than refuse the whole new release.
            var now = RealPath.Resolve(Path);
            if (now is null || now == root.Path)
            {
                return false;
            }

            _real = root = new RealRootPaths(now);
            if (!root.Contains(real))
            {
                return false;
            }
        }

        return _dotfiles == DotfilesPolicy.Allow || !HasHiddenSegment(real.AsSpan(root.WithSlash.Length - 1));
    }

    private sealed class RealRootPaths(string path)
    {
        public string Path { get; } = path;

        public string WithSlash { get; } = path.EndsWith('/') ? path : path + "/";

        /// <summary>The root itself (a directory URL) or anything under it.</summary>
        public bool Contains(string real) => real == Path || real.StartsWith(WithSlash, StringComparison.Ordinal);
    }

    /// <summary>
    /// True when a segment starts with '.', except a leading `.well-known` (RFC 8615), which ACME
    /// challenges and security.txt need served.
    /// </summary>
    public static bool HasHiddenSegment(ReadOnlySpan<char> path)
    {
        var first = true;
        foreach (var range in path.Split('/'))
        {
            var segment = path[range];
            if (segment.IsEmpty)
            {
                continue;
            }

            if (segment[0] == '.' && !(first && segment.SequenceEqual(".well-known")))
            {
                return true;
            }

            first = false;
        }

        return false;
    }
}
