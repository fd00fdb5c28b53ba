using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace StaticServe.Serving;

/// <summary>
/// Canonical paths with every symlink resolved (realpath(3)), used on a cache miss to refuse files
/// whose real location is outside the served root. Falls back to .NET's link resolution where libc's
/// realpath is unavailable.
/// </summary>
internal static partial class RealPath
{
    private static bool s_nativeUnavailable = !OperatingSystem.IsLinux();

    /// <summary>The canonical path, or null when the path does not exist.</summary>
    public static string? Resolve(string path)
    {
        if (!s_nativeUnavailable)
        {
            try
            {
                var result = NativeRealPath(path, IntPtr.Zero);
                if (result == IntPtr.Zero)
                {
                    return null;
                }

                try
                {
                    return Marshal.PtrToStringUTF8(result);
                }
                finally
                {
                    Free(result);
                }
            }
            catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
            {
                s_nativeUnavailable = true;
            }
        }

        return ManagedResolve(path);
    }

    /// <summary>
    /// Where the file behind an open handle really is: the kernel's own record in /proc/self/fd, so a
    /// path swapped for a symlink between a check and the open cannot fool it. Null where /proc is
    /// not mounted; callers then fall back to <see cref="Resolve"/> of the path.
    /// </summary>
    public static string? OfHandle(SafeFileHandle handle)
    {
        if (!OperatingSystem.IsLinux())
        {
            return null;
        }

        try
        {
            var target = new FileInfo($"/proc/self/fd/{handle.DangerousGetHandle()}").LinkTarget;

            // An unlinked file reads "/path (deleted)": it was at that path when it was opened.
            const string Deleted = " (deleted)";
            return target is not null && target.EndsWith(Deleted, StringComparison.Ordinal) ? target[..^Deleted.Length] : target;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>Resolves each component in turn, as realpath does, with FileSystemInfo.ResolveLinkTarget.</summary>
    private static string? ManagedResolve(string path)
    {
        var full = Path.GetFullPath(path);
        var root = Path.GetPathRoot(full) ?? "/";
        var current = root;
        foreach (var part in full[root.Length..].Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries))
        {
            var next = Path.Combine(current, part);
            FileSystemInfo info = Directory.Exists(next) ? new DirectoryInfo(next) : new FileInfo(next);
            if (!info.Exists)
            {
                return null;
            }

            var target = info.ResolveLinkTarget(returnFinalTarget: true);
            current = target?.FullName ?? next;
        }

        return current;
    }

    [LibraryImport("libc.so.6", EntryPoint = "realpath", StringMarshalling = StringMarshalling.Utf8)]
    private static partial IntPtr NativeRealPath(string path, IntPtr resolved);

    [LibraryImport("libc.so.6", EntryPoint = "free")]
    private static partial void Free(IntPtr pointer);
}
