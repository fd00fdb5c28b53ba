using StaticServe.FunctionalTests.Infrastructure;

namespace StaticServe.FunctionalTests.Serving;

/// <summary>RFC 9110 §9.3 methods: GET and HEAD serve, OPTIONS describes, everything else is 405 with Allow.</summary>
public sealed class MethodTests
{
    [Fact]
    public async Task Get_ExistingFile_Returns200WithExactBytesAndLength()
    {
        await using var server = await TestServer.StartAsync(root => File.WriteAllText(Path.Combine(root, "a.txt"), Fixtures.Alphabet));
        var response = await server.GetRawAsync("/a.txt");
        Assert.Equal(200, response.Status);
        Assert.Equal(Fixtures.AlphabetBytes, response.Body);
        Assert.Equal("62", response.Header("Content-Length"));
        Assert.Equal("text/plain; charset=utf-8", response.Header("Content-Type"));
        Assert.Equal("nosniff", response.Header("X-Content-Type-Options"));
        Assert.Equal("bytes", response.Header("Accept-Ranges"));
        Assert.NotNull(response.Header("Date"));
        Assert.Null(response.Header("Server"));
    }

    [Fact]
    public async Task Head_ExistingFile_SameHeadersAsGetAndNoBody()
    {
        await using var server = await TestServer.StartAsync(root => File.WriteAllText(Path.Combine(root, "a.css"), "body{}"));
        var get = await server.GetRawAsync("/a.css");
        var head = await server.GetRawAsync("/a.css", method: "HEAD");
        Assert.Equal(200, head.Status);
        Assert.Empty(head.Body);
        foreach (var name in new[] { "Content-Length", "Content-Type", "ETag", "Last-Modified", "Cache-Control", "Accept-Ranges", "X-Content-Type-Options" })
        {
            Assert.Equal(get.Header(name), head.Header(name));
        }

        Assert.Equal("6", head.Header("Content-Length"));
    }

    [Fact]
    public async Task Head_LargeStreamedFile_RealContentLengthAndNoBody()
    {
        await using var server = await TestServer.StartAsync(root => File.WriteAllBytes(Path.Combine(root, "big.bin"), Fixtures.Random(300_000)), o => o with { MaxCachedFileBytes = 1024 });
        var head = await server.GetRawAsync("/big.bin", method: "HEAD");
        Assert.Equal(200, head.Status);
        Assert.Equal("300000", head.Header("Content-Length"));
        Assert.Empty(head.Body);
    }

    [Fact]
    public async Task Options_AnyPath_Returns204WithAllow()
    {
        await using var server = await TestServer.StartAsync(root => File.WriteAllText(Path.Combine(root, "a.txt"), "x"));
        var response = await server.GetRawAsync("/a.txt", method: "OPTIONS");
        Assert.Equal(204, response.Status);
        Assert.Equal("GET, HEAD, OPTIONS", response.Header("Allow"));
        Assert.Empty(response.Body);
    }

    [Fact]
    public async Task Options_Asterisk_Returns204WithAllow()
    {
        await using var server = await TestServer.StartAsync();
        var response = await server.SendRawAsync("OPTIONS * HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        Assert.Equal(204, response.Status);
        Assert.Equal("GET, HEAD, OPTIONS", response.Header("Allow"));
    }

    [Theory]
    [InlineData("POST")]
    [InlineData("PUT")]
    [InlineData("DELETE")]
    [InlineData("PATCH")]
    [InlineData("TRACE")]
    [InlineData("PROPFIND")]
    public async Task OtherMethods_Return405WithAllowAndNeverTouchTheFile(string method)
    {
        await using var server = await TestServer.StartAsync(root => File.WriteAllText(Path.Combine(root, "a.txt"), "keep me"));
        var response = await server.SendRawAsync($"{method} /a.txt HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
        Assert.Equal(405, response.Status);
        Assert.Equal("GET, HEAD, OPTIONS", response.Header("Allow"));
        Assert.Equal("text/plain; charset=utf-8", response.Header("Content-Type"));
        Assert.Equal("405 Method Not Allowed\n", response.Text);
        Assert.Equal("keep me", File.ReadAllText(Path.Combine(server.Root, "a.txt")));

        // The file was not even looked at: no cache miss was counted.
        Assert.Equal(0, server.Host.Cache.GetStatistics().Misses);
    }

    [Fact]
    public async Task Post_WithBody_Returns405AndConnectionStaysUsable()
    {
        await using var server = await TestServer.StartAsync(root => File.WriteAllText(Path.Combine(root, "a.txt"), "x"));
        var response = await server.Client.PostAsync("/a.txt", new StringContent("payload"));
        Assert.True(response.StatusCode is System.Net.HttpStatusCode.MethodNotAllowed or System.Net.HttpStatusCode.RequestEntityTooLarge);
        var again = await server.Client.GetAsync("/a.txt");
        Assert.Equal(System.Net.HttpStatusCode.OK, again.StatusCode);
    }

    [Fact]
    public async Task PostWithSmallBody_405_BodyDiscarded_ConnectionKeptForThePipelinedRequest()
    {
        await using var server = await TestServer.StartAsync(root => File.WriteAllText(Path.Combine(root, "a.txt"), "hello"));
        using var socket = new System.Net.Sockets.Socket(System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp);
        await socket.ConnectAsync("127.0.0.1", server.Port);
        await socket.SendAsync(System.Text.Encoding.ASCII.GetBytes(
            "POST /a.txt HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello" +
            "GET /a.txt HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"));
        await using var stream = new System.Net.Sockets.NetworkStream(socket);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var first = await RawHttp.ReadResponseAsync(stream, isHead: false, timeout.Token);
        var second = await RawHttp.ReadResponseAsync(stream, isHead: false, timeout.Token);
        Assert.Equal(405, first.Status);
        Assert.Null(first.Header("Connection"));
        Assert.Equal(200, second.Status);
        Assert.Equal("hello", second.Text);
    }

    [Fact]
    public async Task PostWithBodyAboveTheDrainLimit_405_WithConnectionClose()
    {
        await using var server = await TestServer.StartAsync(root => File.WriteAllText(Path.Combine(root, "a.txt"), "hello"));
        var response = await server.SendRawAsync("POST /a.txt HTTP/1.1\r\nHost: x\r\nContent-Length: 5000000\r\n\r\n" + new string('a', 1000));
        Assert.Equal(405, response.Status);
        Assert.Equal("close", response.Header("Connection"));
        Assert.Equal("GET, HEAD, OPTIONS", response.Header("Allow"));
    }

    [Fact]
    public async Task AbsoluteFormTarget_IsServedByItsPath_HostIgnored()
    {
        // RFC 9112 §3.2.2: with an absolute-form target the server MUST ignore the Host header.
        await using var server = await TestServer.StartAsync(root => File.WriteAllText(Path.Combine(root, "a.txt"), "hello"));
        var response = await server.SendRawAsync("GET http://example.com/a.txt?x=1 HTTP/1.1\r\nHost: other\r\nConnection: close\r\n\r\n");
        Assert.Equal(200, response.Status);
        Assert.Equal("hello", response.Text);
    }

    [Theory]
    [InlineData("head")]
    [InlineData("HeAd")]
    [InlineData("get")]
    [InlineData("options")]
    public async Task MethodsAreCaseSensitive_LowercaseIs405(string method)
    {
        // RFC 9110 §9.1: method names are case-sensitive; `head` must not be answered as HEAD.
        await using var server = await TestServer.StartAsync(root => File.WriteAllText(Path.Combine(root, "a.txt"), "hello"));
        var response = await server.SendRawAsync($"{method} /a.txt HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        Assert.Equal(405, response.Status);
        Assert.Equal("GET, HEAD, OPTIONS", response.Header("Allow"));
        Assert.Equal("405 Method Not Allowed\n", response.Text);
    }
}
