using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace StaticServe.Transport;

/// <summary>
/// The two Linux calls .NET's Socket does not offer in a form the hot path can use:
/// <list type="bullet">
/// <item>sendmsg(2) with an iovec per pipe segment: one syscall for a flush spread over Kestrel's
/// 4 KiB blocks (Socket.Send with a buffer list allocates above 8 segments and needs arrays);</item>
/// <item>sendfile(2) from an open file to the socket: the kernel moves page-cache pages to the socket
/// without the two copies through user space a read+send costs (Socket only offers it by file name).</item>
/// </list>
/// Both are non-blocking: sendmsg with MSG_DONTWAIT, sendfile because .NET keeps every socket it
/// drives asynchronously in O_NONBLOCK mode (set explicitly by <see cref="SocketOutput"/> too). A
/// full socket is reported as <see cref="WouldBlock"/>, never waited for here: waiting is left to
/// .NET's event loop (Socket.SendAsync).
/// </summary>
internal static unsafe partial class NativeSend
{
    /// <summary>Whether this system's C library has both calls (glibc on Linux; not musl, which has no
    /// libc.so.6, nor other systems). Without them the server keeps Kestrel's own sender.</summary>
    public static bool IsAvailable { get; } = OperatingSystem.IsLinux()
        && NativeLibrary.TryLoad("libc.so.6", out var libc)
        && NativeLibrary.TryGetExport(libc, "sendmsg", out _)
        && NativeLibrary.TryGetExport(libc, "sendfile", out _);

    /// <summary>The socket's buffer is full; nothing was sent.</summary>
    public const long WouldBlock = -1;

    /// <summary>sendfile cannot read this file (EINVAL, ENOSYS, EOPNOTSUPP: some FUSE and network
    /// file systems); nothing was sent, and the caller copies instead.</summary>
    public const long Unsupported = -2;

    /// <summary>Interrupted by a signal (EINTR): call again. Never returned to callers.</summary>
    private const long Retry = -3;

    /// <summary>Most segments gathered into one sendmsg: 64 × 4 KiB covers a 256 KiB flush (Kestrel
    /// pauses its writer at 64 KiB by default); IOV_MAX on Linux is 1024.</summary>
    public const int MaxVectors = 64;

    private const int MsgDontWait = 0x40;
    private const int MsgNoSignal = 0x4000;
    private const int ErrnoInterrupted = 4;
    private const int ErrnoAgain = 11;
    private const int ErrnoInvalid = 22;
    private const int ErrnoNoSystemCall = 38;
    private const int ErrnoNotSupported = 95;

    /// <summary>Sends as much of <paramref name="vectors"/> as the socket takes now.</summary>
    /// <returns>Bytes sent, or <see cref="WouldBlock"/>.</returns>
    /// <exception cref="IOException">The connection is broken (reset, closed by the peer).</exception>
    public static long Send(System.Net.Sockets.SafeSocketHandle socket, ReadOnlySpan<IoVector> vectors)
    {
        var added = false;
        try
        {
            // The reference keeps the descriptor from being closed and reused under us by an abort on
            // another thread; a socket already closed throws ObjectDisposedException here.
            socket.DangerousAddRef(ref added);
            var fd = (int)socket.DangerousGetHandle();
            fixed (IoVector* first = vectors)
            {
                var header = new MessageHeader { Vectors = first, VectorCount = (nuint)vectors.Length };
                long result;
                do
                {
                    var sent = SendMessage(fd, &header, MsgDontWait | MsgNoSignal);
                    result = sent >= 0 ? sent : Failure(isSendFile: false);
                }
                while (result == Retry);
                return result;
            }
        }
        finally
        {
            if (added)
            {
                socket.DangerousRelease();
            }
        }
    }

    /// <summary>Sends up to <paramref name="count"/> bytes of <paramref name="file"/> from <paramref name="offset"/>.</summary>
    /// <returns>Bytes sent (0: the file ends before <paramref name="offset"/>), <see cref="WouldBlock"/>,
    /// or <see cref="Unsupported"/>.</returns>
    /// <exception cref="IOException">The connection is broken, or the file cannot be read.</exception>
    public static long SendFile(System.Net.Sockets.SafeSocketHandle socket, SafeFileHandle file, long offset, long count)
    {
        var socketAdded = false;
        var fileAdded = false;
        try
        {
            socket.DangerousAddRef(ref socketAdded);
            file.DangerousAddRef(ref fileAdded);
            var outFd = (int)socket.DangerousGetHandle();
            var inFd = (int)file.DangerousGetHandle();
            long result;
            do
            {
                var position = offset;
                var sent = SendFileNative(outFd, inFd, &position, (nuint)count);
                result = sent >= 0 ? sent : Failure(isSendFile: true);
            }
            while (result == Retry);
            return result;
        }
        finally
        {
            if (fileAdded)
            {
                file.DangerousRelease();
            }

            if (socketAdded)
            {
                socket.DangerousRelease();
            }
        }
    }

    /// <summary>What a call that returned -1 means, from errno: <see cref="WouldBlock"/>,
    /// <see cref="Unsupported"/> (sendfile only), <see cref="Retry"/> after a signal; anything else
    /// is a broken connection or an unreadable file.</summary>
    private static long Failure(bool isSendFile)
    {
        var errno = Marshal.GetLastPInvokeError();
        return errno switch
        {
            ErrnoAgain => WouldBlock,
            ErrnoInterrupted => Retry,
            ErrnoInvalid or ErrnoNoSystemCall or ErrnoNotSupported when isSendFile => Unsupported,
            _ => throw new IOException(Marshal.GetPInvokeErrorMessage(errno), errno),
        };
    }

    [LibraryImport("libc.so.6", EntryPoint = "sendmsg", SetLastError = true)]
    private static partial nint SendMessage(int fd, MessageHeader* message, int flags);

    // off_t is 64-bit on every 64-bit Linux ABI, so plain sendfile takes offsets beyond 4 GiB.
    [LibraryImport("libc.so.6", EntryPoint = "sendfile", SetLastError = true)]
    private static partial nint SendFileNative(int outFd, int inFd, long* offset, nuint count);

    /// <summary>struct iovec.</summary>
    [StructLayout(LayoutKind.Sequential)]
    internal struct IoVector
    {
        public byte* Base;
        public nuint Length;
    }

    /// <summary>struct msghdr (LP64 layout; sequential layout inserts the padding after the name length).</summary>
    [StructLayout(LayoutKind.Sequential)]
    private struct MessageHeader
    {
        public void* Name;
        public uint NameLength;
        public IoVector* Vectors;
        public nuint VectorCount;
        public void* Control;
        public nuint ControlLength;
        public int Flags;
    }
}
