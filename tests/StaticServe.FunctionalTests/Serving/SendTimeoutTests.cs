using System.Net.Sockets;
using System.Text;
using StaticServe.FunctionalTests.Infrastructure;

namespace StaticServe.FunctionalTests.Serving;

/// <summary>A client that stops reading is dropped after the send timeout (nginx's send_timeout),
/// for streamed files and for cached bodies larger than one slice; a reading client never is.</summary>
public sealed class SendTimeoutTests
{
    [Theory]
    [InlineData(48 * 1024 * 1024)] // streamed
    [InlineData(12 * 1024 * 1024)] // cached (the limit raised), written in slices
    public async Task ClientThatStopsReading_IsDroppedAfterTheTimeout(int size)
    {
        var content = Fixtures.Random(size);
        await using var server = await TestServer.StartAsync(
            root => File.WriteAllBytes(Path.Combine(root, "f.bin"), content),
            // More than loopback's socket buffers can absorb (a few MiB), so the server must wait.
            o => o with { SendTimeout = TimeSpan.FromSeconds(1), CacheBytes = 64L << 20, MaxCachedFileBytes = 16L << 20 });
        var first = await server.GetRawAsync("/f.bin", "Range: bytes=0-0\r\n");
        Assert.Equal(size < 16 << 20 ? "MISS" : null, first.Header("X-Cache"));

        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { ReceiveBufferSize = 4096 };
        await socket.ConnectAsync("127.0.0.1", server.Port);
        await socket.SendAsync(Encoding.ASCII.GetBytes("GET /f.bin HTTP/1.1\r\nHost: x\r\n\r\n"));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        while (server.Host.Watchdog.Dropped == 0)
        {
            await Task.Delay(50, timeout.Token);
        }

        // The server gave up on it: reading now ends (close or reset) short of the whole body.
        long received = 0;
        var buffer = new byte[256 * 1024];
        try
        {
            int n;
            while ((n = await socket.ReceiveAsync(buffer, SocketFlags.None, timeout.Token)) > 0)
            {
                received += n;
            }
        }
        catch (SocketException)
        {
            // reset: also an end
        }

        Assert.True(received < size, $"received {received} of {size} bytes");
        Assert.Equal(1, server.Host.Watchdog.Dropped);
    }

    [Fact]
    public async Task SlowButSteadyClient_IsNotDropped()
    {
        var content = Fixtures.Random(4 * 1024 * 1024);
        await using var server = await TestServer.StartAsync(
            root => File.WriteAllBytes(Path.Combine(root, "f.bin"), content),
            o => o with { SendTimeout = TimeSpan.FromSeconds(3), BufferBytes = 64 * 1024 });
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { ReceiveBufferSize = 64 * 1024 };
        await socket.ConnectAsync("127.0.0.1", server.Port);
        await socket.SendAsync(Encoding.ASCII.GetBytes("GET /f.bin HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"));
        await using var stream = new NetworkStream(socket);

        // Reads in bursts with pauses shorter than the timeout, for longer than the timeout overall.
        var started = DateTime.UtcNow;
        var all = new MemoryStream();
        var buffer = new byte[64 * 1024];
        int n;
        while ((n = await stream.ReadAsync(buffer)) > 0)
        {
            all.Write(buffer, 0, n);
            if (DateTime.UtcNow - started < TimeSpan.FromSeconds(4))
            {
                await Task.Delay(100);
            }
        }

        var body = all.ToArray();
        var headEnd = body.AsSpan().IndexOf("\r\n\r\n"u8) + 4;
        Assert.Equal(content, body.AsSpan(headEnd).ToArray());
        Assert.Equal(0, server.Host.Watchdog.Dropped);
    }
}
