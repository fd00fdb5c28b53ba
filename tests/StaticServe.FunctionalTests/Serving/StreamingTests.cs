using System.Net.Sockets;
using System.Text;
using StaticServe.Configuration;
using StaticServe.FunctionalTests.Infrastructure;

namespace StaticServe.FunctionalTests.Serving;

/// <summary>Large files, each way they can be sent: exact bytes, identical to the cached path, aborts release buffers.</summary>
public sealed class StreamingTests
{
    /// <summary>The three streaming modes: sendfile (default), straight into the response pipe
    /// (--no-sendfile), and through a pooled buffer (--no-sendfile --stream-via-pool).</summary>
    public static TheoryData<string> Modes => new() { "sendfile", "direct", "pooled" };

    /// <summary>The options of <paramref name="mode"/>, on top of <paramref name="options"/>.</summary>
    internal static ServerOptions In(string mode, ServerOptions options) => mode switch
    {
        "sendfile" => options,
        "direct" => options with { Sendfile = false },
        "pooled" => options with { Sendfile = false, StreamViaPool = true },
        _ => throw new ArgumentOutOfRangeException(nameof(mode), mode, null),
    };

    [Theory]
    [MemberData(nameof(Modes))]
    public async Task LargeFile_StreamedWithExactBytesAndLength(string mode)
    {
        var content = Fixtures.Random(3 * 1024 * 1024 + 17);
        await using var server = await TestServer.StartAsync(root => File.WriteAllBytes(Path.Combine(root, "big.bin"), content), o => In(mode, o));
        var response = await server.GetRawAsync("/big.bin");
        Assert.Equal(200, response.Status);
        Assert.Equal(content.Length.ToString(System.Globalization.CultureInfo.InvariantCulture), response.Header("Content-Length"));
        Assert.Equal(content, response.Body);
        Assert.Equal(mode == "pooled" ? 1 : 0, server.Host.Pool.GetStatistics().Rents);
        Assert.Equal(mode == "sendfile" ? content.Length : 0, server.Host.Counters.SendfileBytes);
    }

    /// <summary>Below <c>DirectSendMinBytes</c> both copy; above it the cached body goes out with sendmsg
    /// from memory and the streamed one with sendfile.</summary>
    [Theory]
    [InlineData(50_000)]
    [InlineData(300_000)]
    public async Task CachedAndStreamed_SameRequest_ByteIdenticalResponses(int size)
    {
        var content = Fixtures.Random(size);
        await using var cached = await TestServer.StartAsync(root => File.WriteAllBytes(Path.Combine(root, "f.bin"), content));
        await using var streamed = await TestServer.StartAsync(root => File.WriteAllBytes(Path.Combine(root, "f.bin"), content), o => o with { MaxCachedFileBytes = 1024 });
        // Same mtime on both copies (whole ticks, which both file systems store exactly), so the validators agree.
        var mtime = new DateTime(2025, 1, 2, 3, 4, 5, DateTimeKind.Utc).AddTicks(1234567);
        File.SetLastWriteTimeUtc(Path.Combine(streamed.Root, "f.bin"), mtime);
        File.SetLastWriteTimeUtc(Path.Combine(cached.Root, "f.bin"), mtime);
        foreach (var range in new[] { "", "Range: bytes=100-199\r\n", "Range: bytes=-10\r\n", $"Range: bytes={size - 10}-\r\n", "Range: bytes=1000-\r\n" })
        {
            var a = await cached.GetRawAsync("/f.bin", range);
            var b = await streamed.GetRawAsync("/f.bin", range);
            Assert.Equal(a.Status, b.Status);
            Assert.Equal(a.Body, b.Body);
            foreach (var name in new[] { "Content-Length", "Content-Type", "Content-Range", "ETag", "Last-Modified", "Cache-Control", "Accept-Ranges" })
            {
                Assert.Equal(a.Header(name), b.Header(name));
            }
        }
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public async Task ClientAbortMidDownload_ReleasesTheBuffer(string mode)
    {
        var content = Fixtures.Random(8 * 1024 * 1024);
        await using var server = await TestServer.StartAsync(root => File.WriteAllBytes(Path.Combine(root, "big.bin"), content), o => In(mode, o));
        for (var i = 0; i < 5; i++)
        {
            using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            await socket.ConnectAsync("127.0.0.1", server.Port);
            await socket.SendAsync(Encoding.ASCII.GetBytes("GET /big.bin HTTP/1.1\r\nHost: x\r\n\r\n"));
            var buffer = new byte[64 * 1024];
            var received = await socket.ReceiveAsync(buffer);
            Assert.True(received > 0);
            socket.LingerState = new LingerOption(true, 0);
            socket.Close();
        }

        // Stopping waits for the handlers; TestServer.DisposeAsync then asserts nothing is still rented.
        var response = await server.GetRawAsync("/big.bin", "Range: bytes=0-3\r\n");
        Assert.Equal(content.AsSpan(0, 4).ToArray(), response.Body);
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public async Task LargeFile_MultipleRanges_PartsMatchTheFile(string mode)
    {
        var content = Fixtures.Random(5 * 1024 * 1024);
        await using var server = await TestServer.StartAsync(root => File.WriteAllBytes(Path.Combine(root, "big.bin"), content), o => In(mode, o));
        var response = await server.GetRawAsync("/big.bin", "Range: bytes=0-99999,4000000-4199999\r\n");
        Assert.Equal(206, response.Status);
        var parts = Multipart.Parse(response.Body, response.Header("Content-Type")!);
        Assert.Equal(content.AsSpan(0, 100_000).ToArray(), parts[0].Body);
        Assert.Equal(content.AsSpan(4_000_000, 200_000).ToArray(), parts[1].Body);
        Assert.Equal("application/octet-stream", parts[0].ContentType);
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public async Task FileGrowingDuringDownload_StopsAtDeclaredLength(string mode)
    {
        var content = Fixtures.Random(4 * 1024 * 1024);
        await using var server = await TestServer.StartAsync(root => File.WriteAllBytes(Path.Combine(root, "grow.bin"), content), o => In(mode, o with { BufferBytes = 4096 }));
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { ReceiveBufferSize = 4096 };
        await socket.ConnectAsync("127.0.0.1", server.Port);
        await socket.SendAsync(Encoding.ASCII.GetBytes("GET /grow.bin HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"));

        // Read until the header block is in: from then on the length is declared and the body in flight.
        var received = new MemoryStream();
        var buffer = new byte[64 * 1024];
        int headEnd;
        while ((headEnd = received.ToArray().AsSpan().IndexOf("\r\n\r\n"u8)) < 0)
        {
            var n = await socket.ReceiveAsync(buffer);
            Assert.True(n > 0, "connection closed before the response head");
            received.Write(buffer, 0, n);
        }

        await using (var append = new FileStream(Path.Combine(server.Root, "grow.bin"), FileMode.Append))
        {
            append.Write(Fixtures.Random(1024 * 1024, 7));
        }

        int read;
        while ((read = await socket.ReceiveAsync(buffer)) > 0)
        {
            received.Write(buffer, 0, read);
        }

        var all = received.ToArray();
        var head = Encoding.ASCII.GetString(all, 0, headEnd);
        Assert.Contains($"\r\nContent-Length: {content.Length}", head, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(content, all.AsSpan(headEnd + 4).ToArray());
    }

    [Theory]
    [MemberData(nameof(Modes))]
    public async Task FileShrinkingDuringDownload_AbortsRatherThanSendingShort(string mode)
    {
        var content = Fixtures.Random(16 * 1024 * 1024);
        await using var server = await TestServer.StartAsync(root => File.WriteAllBytes(Path.Combine(root, "shrink.bin"), content), o => In(mode, o with { BufferBytes = 4096 }));
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.ReceiveBufferSize = 4096;
        await socket.ConnectAsync("127.0.0.1", server.Port);
        await socket.SendAsync(Encoding.ASCII.GetBytes("GET /shrink.bin HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"));
        var first = new byte[1024];
        Assert.True(await socket.ReceiveAsync(first) > 0);

        // The server is stalled on our tiny window; cut the file to 1 MiB underneath it.
        using (var truncate = new FileStream(Path.Combine(server.Root, "shrink.bin"), FileMode.Open))
        {
            truncate.SetLength(1024 * 1024);
        }

        long total = 0;
        var buffer = new byte[64 * 1024];
        try
        {
            int n;
            while ((n = await socket.ReceiveAsync(buffer)) > 0)
            {
                total += n;
            }
        }
        catch (SocketException)
        {
            // A reset is an acceptable way to learn the response is incomplete.
        }

        Assert.True(total < content.Length, "the server must not pretend the short file is complete");
    }
}
