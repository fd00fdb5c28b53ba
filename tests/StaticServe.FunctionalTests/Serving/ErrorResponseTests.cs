using StaticServe.FunctionalTests.Infrastructure;

namespace StaticServe.FunctionalTests.Serving;

/// <summary>Error bodies, caching of errors, and HTTP/1.0 framing.</summary>
public sealed class ErrorResponseTests
{
    [Fact]
    public async Task NotFound_SmallPlainTextNeverCachedLong()
    {
        await using var server = await TestServer.StartAsync();
        var response = await server.GetRawAsync("/nope.js");
        Assert.Equal(404, response.Status);
        Assert.Equal("404 Not Found\n", response.Text);
        Assert.Equal("no-store", response.Header("Cache-Control"));
        Assert.Equal("14", response.Header("Content-Length"));
    }

    [Fact]
    public async Task Http10Client_GetsContentLengthNeverChunked()
    {
        await using var server = await TestServer.StartAsync(root =>
        {
            File.WriteAllBytes(Path.Combine(root, "big.bin"), Fixtures.Random(200_000));
            File.WriteAllText(Path.Combine(root, "a.txt"), "x");
        }, o => o with { MaxCachedFileBytes = 1024 });
        foreach (var target in new[] { "/a.txt", "/big.bin", "/missing", "/stats" })
        {
            var response = await server.SendRawAsync($"GET {target} HTTP/1.0\r\n\r\n");
            Assert.Null(response.Header("Transfer-Encoding"));
            Assert.NotNull(response.Header("Content-Length"));
            Assert.Equal(long.Parse(response.Header("Content-Length")!, System.Globalization.CultureInfo.InvariantCulture), response.Body.Length);
        }
    }

    [Fact]
    public async Task MalformedRequestLine_Answers400NotCrash()
    {
        await using var server = await TestServer.StartAsync(root => File.WriteAllText(Path.Combine(root, "a.txt"), "x"));
        var response = await server.SendRawAsync("GET /a.txt\r\n\r\n");
        Assert.Equal(400, response.Status);
        var after = await server.GetRawAsync("/a.txt");
        Assert.Equal(200, after.Status);
    }

    [Fact]
    public async Task AbsoluteFormTarget_IsServedByPath()
    {
        await using var server = await TestServer.StartAsync(root => File.WriteAllText(Path.Combine(root, "a.txt"), "abs"));
        var response = await server.SendRawAsync($"GET http://127.0.0.1:{server.Port}/a.txt HTTP/1.1\r\nHost: 127.0.0.1:{server.Port}\r\nConnection: close\r\n\r\n");
        Assert.Equal(200, response.Status);
        Assert.Equal("abs", response.Text);
    }
}
