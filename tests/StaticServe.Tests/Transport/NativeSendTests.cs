using System.Net;
using System.Net.Sockets;
using StaticServe.Transport;

namespace StaticServe.Tests.Transport;

/// <summary>
/// sendmsg and sendfile on a real loopback TCP connection: exact bytes from the right offsets, the
/// end of a file, a full socket reported as a value, and a broken connection as an IOException.
/// </summary>
public sealed class NativeSendTests : IDisposable
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"nativesend-{Guid.NewGuid():N}.bin");
    private readonly byte[] _content = new byte[256 * 1024];

    public NativeSendTests()
    {
        new Random(7).NextBytes(_content);
        File.WriteAllBytes(_path, _content);
    }

    public void Dispose() => File.Delete(_path);

    [Fact]
    public async Task SendFile_SendsTheRangeAsked()
    {
        var (sender, receiver) = await ConnectAsync();
        using (sender)
        using (receiver)
        using (var file = File.OpenHandle(_path))
        {
            var sent = NativeSend.SendFile(sender.SafeHandle, file, 1000, 5000);
            Assert.Equal(5000, sent);
            Assert.Equal(_content.AsSpan(1000, 5000).ToArray(), await ReceiveAsync(receiver, 5000));
        }
    }

    [Fact]
    public async Task SendFile_PastTheEnd_SendsNothing()
    {
        var (sender, receiver) = await ConnectAsync();
        using (sender)
        using (receiver)
        using (var file = File.OpenHandle(_path))
        {
            Assert.Equal(0, NativeSend.SendFile(sender.SafeHandle, file, _content.Length, 100));

            // A range running past the end stops at the end (the caller sees fewer bytes than asked).
            Assert.Equal(10, NativeSend.SendFile(sender.SafeHandle, file, _content.Length - 10, 100));
        }
    }

    [Fact]
    public async Task Send_GathersEverySegment_InOrder()
    {
        var (sender, receiver) = await ConnectAsync();
        using (sender)
        using (receiver)
        {
            var sent = SendVectors(sender.SafeHandle, "HTTP/1.1 "u8.ToArray(), "200 OK\r\n"u8.ToArray(), "\r\n"u8.ToArray());
            Assert.Equal(19, sent);
            Assert.Equal("HTTP/1.1 200 OK\r\n\r\n"u8.ToArray(), await ReceiveAsync(receiver, 19));
        }
    }

    [Fact]
    public async Task SocketFull_IsWouldBlock_NotAWait()
    {
        var (sender, receiver) = await ConnectAsync();
        using (sender)
        using (receiver)
        using (var file = File.OpenHandle(_path))
        {
            sender.Blocking = false;
            sender.SendBufferSize = 4096;
            long total = 0;
            long sent;

            // The receiver reads nothing: both socket buffers fill, and the next call must return at once.
            while ((sent = NativeSend.SendFile(sender.SafeHandle, file, total % _content.Length, Math.Min(64 * 1024, _content.Length - (total % _content.Length)))) > 0)
            {
                total += sent;
                Assert.True(total < 64L * 1024 * 1024, "the socket never filled");
            }

            Assert.Equal(NativeSend.WouldBlock, sent);
            Assert.Equal(NativeSend.WouldBlock, SendVectors(sender.SafeHandle, "x"u8.ToArray()));
        }
    }

    [Fact]
    public async Task PeerReset_IsAnIOException()
    {
        var (sender, receiver) = await ConnectAsync();
        using (sender)
        {
            receiver.LingerState = new LingerOption(true, 0);
            receiver.Close();
            await Task.Delay(50);
            var error = Assert.Throws<IOException>(() =>
            {
                // The first send may still be accepted locally; the reset shows on the next.
                for (var i = 0; i < 100; i++)
                {
                    SendVectors(sender.SafeHandle, new byte[1024]);
                }
            });
            Assert.NotEqual(0, error.HResult);
        }
    }

    [Fact]
    public async Task ClosedSocket_IsObjectDisposed_NeverAnotherDescriptor()
    {
        var (sender, receiver) = await ConnectAsync();
        using (receiver)
        using (var file = File.OpenHandle(_path))
        {
            sender.Dispose();
            Assert.Throws<ObjectDisposedException>(() => NativeSend.SendFile(sender.SafeHandle, file, 0, 10));
        }
    }

    private static unsafe long SendVectors(SafeSocketHandle socket, params byte[][] parts)
    {
        var handles = parts.Select(p => p.AsMemory().Pin()).ToArray();
        try
        {
            var vectors = new NativeSend.IoVector[parts.Length];
            for (var i = 0; i < parts.Length; i++)
            {
                vectors[i] = new NativeSend.IoVector { Base = (byte*)handles[i].Pointer, Length = (nuint)parts[i].Length };
            }

            return NativeSend.Send(socket, vectors);
        }
        finally
        {
            foreach (var handle in handles)
            {
                handle.Dispose();
            }
        }
    }

    private static async Task<(Socket Sender, Socket Receiver)> ConnectAsync()
    {
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(1);
        var receiver = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await receiver.ConnectAsync(listener.LocalEndPoint!);
        var sender = await listener.AcceptAsync();
        return (sender, receiver);
    }

    private static async Task<byte[]> ReceiveAsync(Socket socket, int count)
    {
        var buffer = new byte[count];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var read = 0;
        while (read < count)
        {
            var n = await socket.ReceiveAsync(buffer.AsMemory(read), SocketFlags.None, timeout.Token);
            Assert.True(n > 0, "connection closed early");
            read += n;
        }

        return buffer;
    }
}
