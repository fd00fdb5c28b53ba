using System.Net.Sockets;
using System.Text;
using StaticServe.FunctionalTests.Infrastructure;

namespace StaticServe.FunctionalTests.Serving;

/// <summary>Without sendfile, streams beyond the direct-stream limit go through the buffer pool, with the same bytes.</summary>
public sealed class DirectStreamGateBehaviourTests
{
    [Fact]
    public async Task SecondConcurrentStream_BeyondTheLimit_UsesOnePooledBuffer_AndBothGetExactBytes()
    {
        // Larger than loopback's socket buffers, so a client that does not read keeps its response in flight.
        var content = Fixtures.Random(48 * 1024 * 1024);
        await using var server = await TestServer.StartAsync(
            root => File.WriteAllBytes(Path.Combine(root, "big.bin"), content), o => o with { DirectStreamLimit = 1, Sendfile = false });
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var first = await StartDownloadAsync(server.Port, timeout.Token);
        await WaitForAsync(() => server.Host.Counters.BytesServed > 0, timeout.Token);
        using var second = await StartDownloadAsync(server.Port, timeout.Token);

        // The first stream holds the only direct slot, so the second rents exactly one pooled buffer.
        await WaitForAsync(() => server.Host.Pool.GetStatistics().InUse == 1, timeout.Token);
        Assert.Equal(1, server.Host.Pool.GetStatistics().Rents);

        await using var firstStream = new NetworkStream(first, ownsSocket: false);
        await using var secondStream = new NetworkStream(second, ownsSocket: false);
        var a = await RawHttp.ReadResponseAsync(firstStream, isHead: false, timeout.Token);
        var b = await RawHttp.ReadResponseAsync(secondStream, isHead: false, timeout.Token);
        Assert.Equal(200, a.Status);
        Assert.Equal(200, b.Status);
        Assert.Equal(content, a.Body);
        Assert.Equal(content, b.Body);
        await WaitForAsync(() => server.Host.Pool.GetStatistics().InUse == 0, timeout.Token);
    }

    [Fact]
    public async Task LimitZero_EveryStreamUsesThePool()
    {
        var content = Fixtures.Random(3 * 1024 * 1024);
        await using var server = await TestServer.StartAsync(
            root => File.WriteAllBytes(Path.Combine(root, "big.bin"), content), o => o with { DirectStreamLimit = 0, Sendfile = false });
        var response = await server.GetRawAsync("/big.bin");
        Assert.Equal(content, response.Body);
        Assert.Equal(1, server.Host.Pool.GetStatistics().Rents);
    }

    private static async Task<Socket> StartDownloadAsync(int port, CancellationToken cancellationToken)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { ReceiveBufferSize = 64 * 1024 };
        await socket.ConnectAsync("127.0.0.1", port, cancellationToken);
        await socket.SendAsync(Encoding.ASCII.GetBytes("GET /big.bin HTTP/1.1\r\nHost: x\r\n\r\n"), SocketFlags.None, cancellationToken);
        return socket;
    }

    private static async Task WaitForAsync(Func<bool> condition, CancellationToken cancellationToken)
    {
        while (!condition())
        {
            await Task.Delay(10, cancellationToken);
        }
    }
}
