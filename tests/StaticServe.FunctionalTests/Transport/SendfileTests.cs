using System.Globalization;
using System.Net.Sockets;
using System.Text;
using StaticServe.FunctionalTests.Infrastructure;

namespace StaticServe.FunctionalTests.Transport;

/// <summary>
/// Files sent by the kernel (sendfile) through our own socket sender: the bytes on the wire are in
/// the right order around Kestrel's own writes (heads, cached bodies, its 400s), a slow reader gets
/// exact bytes through the wait-for-room path, and every way of asking (HTTP/1.0, ranges) is covered.
/// </summary>
public sealed class SendfileTests
{
    private static readonly byte[] Big = Fixtures.Random(3 * 1024 * 1024 + 5);
    private static readonly byte[] Small = Fixtures.AlphabetBytes;

    private static Task<TestServer> StartAsync() => TestServer.StartAsync(root =>
    {
        File.WriteAllBytes(Path.Combine(root, "big.bin"), Big);
        File.WriteAllBytes(Path.Combine(root, "small.txt"), Small);
    });

    [Fact]
    public async Task PipelinedRequests_FileResponsesBetweenCachedOnes_ArriveInOrderAndExact()
    {
        await using var server = await StartAsync();
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await socket.ConnectAsync("127.0.0.1", server.Port, timeout.Token);

        // One write: Kestrel answers them one after another on the same connection, so every head
        // and cached body it writes must reach the socket exactly between the file bodies.
        var requests = "GET /big.bin HTTP/1.1\r\nHost: x\r\n\r\n"
            + "GET /small.txt HTTP/1.1\r\nHost: x\r\n\r\n"
            + "GET /big.bin HTTP/1.1\r\nHost: x\r\nRange: bytes=1000000-1099999\r\n\r\n"
            + "GET /big.bin HTTP/1.1\r\nHost: x\r\nRange: bytes=5-14\r\n\r\n"
            + "HEAD /big.bin HTTP/1.1\r\nHost: x\r\n\r\n"
            + "GET /small.txt HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
        await socket.SendAsync(Encoding.ASCII.GetBytes(requests), SocketFlags.None, timeout.Token);
        await using var stream = new NetworkStream(socket, ownsSocket: false);

        var full = await RawHttp.ReadResponseAsync(stream, isHead: false, timeout.Token);
        Assert.Equal(200, full.Status);
        Assert.Equal(Big, full.Body);
        var small = await RawHttp.ReadResponseAsync(stream, isHead: false, timeout.Token);
        Assert.Equal(Small, small.Body);
        var range = await RawHttp.ReadResponseAsync(stream, isHead: false, timeout.Token);
        Assert.Equal(206, range.Status);
        Assert.Equal($"bytes 1000000-1099999/{Big.Length}", range.Header("Content-Range"));
        Assert.Equal(Big.AsSpan(1_000_000, 100_000).ToArray(), range.Body);

        // Below SendfileMinBytes a range is copied; it must still land between the file bodies.
        var tiny = await RawHttp.ReadResponseAsync(stream, isHead: false, timeout.Token);
        Assert.Equal(Big.AsSpan(5, 10).ToArray(), tiny.Body);
        var head = await RawHttp.ReadResponseAsync(stream, isHead: true, timeout.Token);
        Assert.Equal(Big.Length.ToString(CultureInfo.InvariantCulture), head.Header("Content-Length"));
        var last = await RawHttp.ReadResponseAsync(stream, isHead: false, timeout.Token);
        Assert.Equal(Small, last.Body);

        // Nothing after the last response: the connection ends cleanly.
        Assert.Equal(0, await socket.ReceiveAsync(new byte[1], SocketFlags.None, timeout.Token));
        Assert.Equal(Big.Length + 100_000, server.Host.Counters.SendfileBytes + server.Host.Counters.SendfileCopiedBytes);
    }

    [Fact]
    public async Task MalformedRequestAfterAFile_KestrelsOwn400FollowsTheWholeBody()
    {
        await using var server = await StartAsync();
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await socket.ConnectAsync("127.0.0.1", server.Port, timeout.Token);
        await socket.SendAsync(Encoding.ASCII.GetBytes("GET /big.bin HTTP/1.1\r\nHost: x\r\n\r\nNOT HTTP AT ALL\r\n\r\n"), SocketFlags.None, timeout.Token);
        await using var stream = new NetworkStream(socket, ownsSocket: false);

        var file = await RawHttp.ReadResponseAsync(stream, isHead: false, timeout.Token);
        Assert.Equal(Big, file.Body);
        var error = await RawHttp.ReadResponseAsync(stream, isHead: false, timeout.Token);
        Assert.Equal(400, error.Status);
    }

    [Fact]
    public async Task Http10Request_GetsTheFileAndTheConnectionCloses()
    {
        await using var server = await StartAsync();
        var response = await server.SendRawAsync("GET /big.bin HTTP/1.0\r\n\r\n");
        Assert.Equal(200, response.Status);
        Assert.Equal(Big, response.Body);
        Assert.Equal(Big.Length, server.Host.Counters.SendfileBytes + server.Host.Counters.SendfileCopiedBytes);
    }

    [Fact]
    public async Task SlowReader_GetsExactBytes_SomeSentAfterWaitingForRoom()
    {
        var content = Fixtures.Random(8 * 1024 * 1024, seed: 3);
        await using var server = await TestServer.StartAsync(root => File.WriteAllBytes(Path.Combine(root, "big.bin"), content));
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { ReceiveBufferSize = 16 * 1024 };
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await socket.ConnectAsync("127.0.0.1", server.Port, timeout.Token);
        await socket.SendAsync(Encoding.ASCII.GetBytes("GET /big.bin HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"), SocketFlags.None, timeout.Token);

        // Read in small bites with pauses: the server's socket fills again and again.
        var received = new MemoryStream();
        var buffer = new byte[16 * 1024];
        int n;
        var reads = 0;
        while ((n = await socket.ReceiveAsync(buffer, SocketFlags.None, timeout.Token)) > 0)
        {
            received.Write(buffer, 0, n);
            if (++reads % 16 == 0)
            {
                await Task.Delay(2, timeout.Token);
            }
        }

        var all = received.ToArray();
        var headEnd = all.AsSpan().IndexOf("\r\n\r\n"u8) + 4;
        Assert.Equal(content, all.AsSpan(headEnd).ToArray());
        var counters = server.Host.Counters;
        Assert.Equal(content.Length, counters.SendfileBytes + counters.SendfileCopiedBytes);
        Assert.True(counters.SendfileCopiedBytes > 0, "the reader never made the server wait");
        Assert.True(counters.SendfileBytes > counters.SendfileCopiedBytes, $"mostly copied: {counters.SendfileCopiedBytes} of {content.Length}");
    }

    [Fact]
    public async Task NoSendfile_SameBytes_NothingSentByTheKernel()
    {
        await using var server = await TestServer.StartAsync(root => File.WriteAllBytes(Path.Combine(root, "big.bin"), Big), o => o with { Sendfile = false });
        var response = await server.GetRawAsync("/big.bin", "Range: bytes=10-2000009\r\n");
        Assert.Equal(Big.AsSpan(10, 2_000_000).ToArray(), response.Body);
        Assert.Equal(0, server.Host.Counters.SendfileBytes);
    }

    [Fact]
    public async Task CachedLargeFile_SentFromMemory_InOrderAndExact()
    {
        var cached = Fixtures.Random(300 * 1024, seed: 5);
        await using var server = await TestServer.StartAsync(root =>
        {
            File.WriteAllBytes(Path.Combine(root, "cached.bin"), cached);
            File.WriteAllBytes(Path.Combine(root, "small.txt"), Small);
        });
        Assert.Equal(200, (await server.GetRawAsync("/cached.bin")).Status); // loads it into the cache
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await socket.ConnectAsync("127.0.0.1", server.Port, timeout.Token);
        var requests = "GET /cached.bin HTTP/1.1\r\nHost: x\r\n\r\n"
            + "GET /small.txt HTTP/1.1\r\nHost: x\r\n\r\n"
            + "GET /cached.bin HTTP/1.1\r\nHost: x\r\nRange: bytes=100000-199999\r\nConnection: close\r\n\r\n";
        await socket.SendAsync(Encoding.ASCII.GetBytes(requests), SocketFlags.None, timeout.Token);
        await using var stream = new NetworkStream(socket, ownsSocket: false);

        var full = await RawHttp.ReadResponseAsync(stream, isHead: false, timeout.Token);
        Assert.Equal("HIT", full.Header("X-Cache"));
        Assert.Equal(cached, full.Body);
        Assert.Equal(Small, (await RawHttp.ReadResponseAsync(stream, isHead: false, timeout.Token)).Body);
        var range = await RawHttp.ReadResponseAsync(stream, isHead: false, timeout.Token);
        Assert.Equal(206, range.Status);
        Assert.Equal(cached.AsSpan(100_000, 100_000).ToArray(), range.Body);
        Assert.Equal(0, await socket.ReceiveAsync(new byte[1], SocketFlags.None, timeout.Token));
    }

    [Fact]
    public async Task CachedLargeFile_SlowReader_GetsExactBytes()
    {
        var cached = Fixtures.Random(1536 * 1024, seed: 9);
        await using var server = await TestServer.StartAsync(root => File.WriteAllBytes(Path.Combine(root, "cached.bin"), cached));
        Assert.Equal(200, (await server.GetRawAsync("/cached.bin")).Status);
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { ReceiveBufferSize = 8 * 1024 };
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await socket.ConnectAsync("127.0.0.1", server.Port, timeout.Token);
        await socket.SendAsync(Encoding.ASCII.GetBytes("GET /cached.bin HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"), SocketFlags.None, timeout.Token);
        var received = new MemoryStream();
        var buffer = new byte[8 * 1024];
        int n;
        var reads = 0;
        while ((n = await socket.ReceiveAsync(buffer, SocketFlags.None, timeout.Token)) > 0)
        {
            received.Write(buffer, 0, n);
            if (++reads % 8 == 0)
            {
                await Task.Delay(2, timeout.Token);
            }
        }

        var all = received.ToArray();
        var headEnd = all.AsSpan().IndexOf("\r\n\r\n"u8) + 4;
        Assert.Contains("X-Cache: HIT", Encoding.ASCII.GetString(all, 0, headEnd), StringComparison.Ordinal);
        Assert.Equal(cached, all.AsSpan(headEnd).ToArray());
    }

    [Fact]
    public async Task DirectBodyAfterAPipedOneStillInFlight_WaitsForIt_BothExact()
    {
        await using var server = await StartAsync();
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { ReceiveBufferSize = 8 * 1024 };
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await socket.ConnectAsync("127.0.0.1", server.Port, timeout.Token);

        // The multipart body (2.9 MB) goes through the pipe and fills the socket while we do not read;
        // the file after it must reach the socket only after every byte of it.
        var requests = "GET /big.bin HTTP/1.1\r\nHost: x\r\nRange: bytes=0-1399999,1500000-2999999\r\n\r\n"
            + "GET /big.bin HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
        await socket.SendAsync(Encoding.ASCII.GetBytes(requests), SocketFlags.None, timeout.Token);
        await Task.Delay(500, timeout.Token);
        await using var stream = new NetworkStream(socket, ownsSocket: false);

        var multipart = await RawHttp.ReadResponseAsync(stream, isHead: false, timeout.Token);
        Assert.Equal(206, multipart.Status);
        var parts = Multipart.Parse(multipart.Body, multipart.Header("Content-Type")!);
        Assert.Equal(Big.AsSpan(0, 1_400_000).ToArray(), parts[0].Body);
        Assert.Equal(Big.AsSpan(1_500_000, 1_500_000).ToArray(), parts[1].Body);
        var file = await RawHttp.ReadResponseAsync(stream, isHead: false, timeout.Token);
        Assert.Equal(Big, file.Body);
    }

    [Fact]
    public async Task ClientsResettingMidBody_LogNothingAboveDebug_AndReleaseEverything()
    {
        var cached = Fixtures.Random(1536 * 1024, seed: 11);
        var output = new MemoryStream();
        Serilog.Core.Logger? logger = null;
        var server = await TestServer.StartAsync(
            root =>
            {
                File.WriteAllBytes(Path.Combine(root, "big.bin"), Big);
                File.WriteAllBytes(Path.Combine(root, "cached.bin"), cached);
            },
            createLogger: options => logger = StaticServe.Hosting.LoggingSetup.Create(options, output));
        try
        {
            foreach (var target in new[] { "/big.bin", "/cached.bin", "/big.bin", "/cached.bin" })
            {
                using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { ReceiveBufferSize = 4096 };
                await socket.ConnectAsync("127.0.0.1", server.Port);
                await socket.SendAsync(Encoding.ASCII.GetBytes($"GET {target} HTTP/1.1\r\nHost: x\r\n\r\n"));
                Assert.True(await socket.ReceiveAsync(new byte[4096]) > 0);
                socket.LingerState = new LingerOption(true, 0);
                socket.Close();
            }

            // The server carries on: a whole response on a new connection is exact.
            Assert.Equal(cached, (await server.GetRawAsync("/cached.bin")).Body);
            Assert.Equal(Big, (await server.GetRawAsync("/big.bin")).Body);
        }
        finally
        {
            // Stopping waits for the handlers; TestServer checks every pooled buffer came back and
            // every cached handle was closed.
            await server.DisposeAsync();
            logger!.Dispose();
        }

        var lines = Encoding.UTF8.GetString(output.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.DoesNotContain(lines, l => l.Contains(" WRN]", StringComparison.Ordinal) || l.Contains(" ERR]", StringComparison.Ordinal) || l.Contains(" FTL]", StringComparison.Ordinal));
    }
}
