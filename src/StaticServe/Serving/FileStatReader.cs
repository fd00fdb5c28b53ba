using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace StaticServe.Serving;

/// <summary>
/// One stat of a path or an open handle, without allocating: Linux statx(2) through libc, which
/// gives size, nanosecond mtime and ctime, device and inode in one call (.NET's FileInfo gives no
/// inode and allocates). Elsewhere, or if libc lacks statx, falls back to FileInfo.
/// </summary>
internal static partial class FileStatReader
{
    private const int AtFdCwd = -100;
    private const int AtEmptyPath = 0x1000;
    private const uint StatxBasicStats = 0x7FF;
    private const int ModeTypeMask = 0xF000;
    private const int ModeRegular = 0x8000;
    private const int ModeDirectory = 0x4000;

    /// <summary>Set once if the native call is unusable here; then every call takes the managed fallback.</summary>
    private static bool s_nativeUnavailable = !OperatingSystem.IsLinux();

    /// <summary>Stats a path, following symlinks. A missing or unreadable path gives <see cref="FileStatus.Missing"/>.</summary>
    public static FileStatus Stat(string path)
    {
        if (!s_nativeUnavailable)
        {
            try
            {
                StatxBuffer buffer = default;
                return Statx(AtFdCwd, path, 0, StatxBasicStats, ref buffer) == 0 ? buffer.ToStatus() : FileStatus.Missing;
            }
            catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
            {
                s_nativeUnavailable = true;
            }
        }

        return ManagedStat(path);
    }

    /// <summary>Stats an open file: what the bytes read through this handle belong to.</summary>
    public static FileStatus Stat(SafeFileHandle handle, string pathForFallback)
    {
        if (!s_nativeUnavailable)
        {
            var added = false;
            try
            {
                handle.DangerousAddRef(ref added);
                StatxBuffer buffer = default;
                return StatxFd((int)handle.DangerousGetHandle(), string.Empty, AtEmptyPath, StatxBasicStats, ref buffer) == 0
                    ? buffer.ToStatus()
                    : FileStatus.Missing;
            }
            catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
            {
                s_nativeUnavailable = true;
            }
            finally
            {
                if (added)
                {
                    handle.DangerousRelease();
                }
            }
        }

        return ManagedStat(pathForFallback);
    }

    private static FileStatus ManagedStat(string path)
    {
        var info = new FileInfo(path);
        if (info.Exists)
        {
            var mtime = (info.LastWriteTimeUtc - DateTime.UnixEpoch).Ticks * 100;
            return new FileStatus(FileKind.File, info.Length, mtime, mtime, 0, 0);
        }

        if (Directory.Exists(path))
        {
            return new FileStatus(FileKind.Directory, 0, 0, 0, 0, 0);
        }

        return FileStatus.Missing;
    }

    [LibraryImport("libc.so.6", EntryPoint = "statx", StringMarshalling = StringMarshalling.Utf8, SetLastError = false)]
    private static partial int Statx(int dirfd, string path, int flags, uint mask, ref StatxBuffer buffer);

    [LibraryImport("libc.so.6", EntryPoint = "statx", StringMarshalling = StringMarshalling.Utf8, SetLastError = false)]
    private static partial int StatxFd(int dirfd, string path, int flags, uint mask, ref StatxBuffer buffer);

    /// <summary>struct statx from linux/stat.h: fixed layout on every architecture, 256 bytes.</summary>
    [StructLayout(LayoutKind.Explicit, Size = 256)]
    private struct StatxBuffer
    {
        [FieldOffset(28)] public ushort Mode;
        [FieldOffset(32)] public ulong Inode;
        [FieldOffset(40)] public ulong Size;
        [FieldOffset(96)] public long CtimeSeconds;
        [FieldOffset(104)] public uint CtimeNanoseconds;
        [FieldOffset(112)] public long MtimeSeconds;
        [FieldOffset(120)] public uint MtimeNanoseconds;
        [FieldOffset(136)] public uint DevMajor;
        [FieldOffset(140)] public uint DevMinor;

        public readonly FileStatus ToStatus()
        {
            var kind = (Mode & ModeTypeMask) switch
            {
                ModeRegular => FileKind.File,
                ModeDirectory => FileKind.Directory,
                _ => FileKind.Other,
            };
            return new FileStatus(
                kind,
                (long)Size,
                (MtimeSeconds * 1_000_000_000L) + MtimeNanoseconds,
                (CtimeSeconds * 1_000_000_000L) + CtimeNanoseconds,
                ((ulong)DevMajor << 32) | DevMinor,
                Inode);
        }
    }
}
