using System.Runtime.InteropServices;

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
