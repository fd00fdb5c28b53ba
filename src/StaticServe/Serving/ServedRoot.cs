using Microsoft.Win32.SafeHandles;
using StaticServe.Configuration;

namespace StaticServe.Serving;

/// <summary>
/// The served folder: maps a decoded request path under it and decides whether a file's real
/// location (symlinks resolved) is still inside it and allowed by the dotfiles policy.
/// </summary>
internal sealed class ServedRoot
{
    private readonly string _realRootWithSlash;
    private readonly DotfilesPolicy _dotfiles;

    public ServedRoot(string root, DotfilesPolicy dotfiles)
    {
        Path = root.Length > 1 ? root.TrimEnd('/') : root;
        var real = RealPath.Resolve(Path) ?? Path;
        RealRoot = real;
        _realRootWithSlash = real.EndsWith('/') ? real : real + "/";
        _dotfiles = dotfiles;
    }

    /// <summary>The root as configured (absolute, no trailing slash unless it is "/").</summary>
    public string Path { get; }

    /// <summary>The root with symlinks resolved.</summary>
    public string RealRoot { get; }

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

        if (real == RealRoot)
        {
            // The root itself (a directory URL); as a file path it cannot be, the root is a directory.
            return true;
        }

        if (!real.StartsWith(_realRootWithSlash, StringComparison.Ordinal))
        {
            return false;
        }

        return _dotfiles == DotfilesPolicy.Allow || !HasHiddenSegment(real.AsSpan(_realRootWithSlash.Length - 1));
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
