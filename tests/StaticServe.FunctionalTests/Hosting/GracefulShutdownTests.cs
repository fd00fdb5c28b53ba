using System.Net.Sockets;
using System.Text;
using StaticServe.FunctionalTests.Infrastructure;

namespace StaticServe.FunctionalTests.Hosting;

/// <summary>Stopping (what SIGTERM and Ctrl+C trigger) lets an in-flight download finish, then releases everything.</summary>
public sealed class GracefulShutdownTests
{
    [Fact]
    public async Task Stop_WithSlowDownloadInFlight_DownloadCompletesWithEveryByte()
    {
        var content = Fixtures.Random(8 * 1024 * 1024);
        await using var server = await TestServer.StartAsync(root => File.WriteAllBytes(Path.Combine(root, "big.bin"), content), o => o with { ShutdownTimeoutSeconds = 30 });
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { ReceiveBufferSize = 16 * 1024 };
        await socket.ConnectAsync("127.0.0.1", server.Port);
        await socket.SendAsync(Encoding.ASCII.GetBytes("GET /big.bin HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"));
        await using var stream = new NetworkStream(socket);

        // Read the head and a little of the body, so the response is certainly in flight.
        var slow = new SlowStream(stream);
        var reading = RawHttp.ReadResponseAsync(slow, isHead: false, CancellationToken.None);
        await slow.FirstBytes.Task;

        var stopping = server.Host.StopAsync();
        var response = await reading;
        await stopping;

        Assert.Equal(200, response.Status);
        Assert.Equal(content, response.Body);
    }

    [Fact]
    public async Task Stop_NewConnectionsAreRefusedAfterwards()
    {
        await using var server = await TestServer.StartAsync(root => File.WriteAllText(Path.Combine(root, "a.txt"), "x"));
        Assert.Equal(200, (await server.GetRawAsync("/a.txt")).Status);
        await server.Host.StopAsync();
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await Assert.ThrowsAsync<SocketException>(async () => await socket.ConnectAsync("127.0.0.1", server.Port));
    }

    /// <summary>Reads in small, delayed pieces: a client on a slow link.</summary>
    private sealed class SlowStream(Stream inner) : Stream
    {
        public TaskCompletionSource FirstBytes { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            var n = await inner.ReadAsync(buffer[..Math.Min(buffer.Length, 256 * 1024)], cancellationToken);
            FirstBytes.TrySetResult();
            await Task.Delay(5, cancellationToken);
            return n;
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
