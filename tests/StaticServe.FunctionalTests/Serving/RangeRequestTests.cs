using System.Text;
using StaticServe.FunctionalTests.Infrastructure;

namespace StaticServe.FunctionalTests.Serving;

/// <summary>Range requests over the wire (RFC 9110 §14), on cached and streamed files alike.</summary>
public sealed class RangeRequestTests
{
    public static TheoryData<bool> BothPaths => new() { true, false };

    private static Task<TestServer> StartAsync(bool cached, Func<StaticServe.Configuration.ServerOptions, StaticServe.Configuration.ServerOptions>? configure = null) =>
        TestServer.StartAsync(
            root =>
            {
                File.WriteAllText(Path.Combine(root, "a.txt"), Fixtures.Alphabet);
                File.WriteAllBytes(Path.Combine(root, "empty.txt"), []);
            },
            o =>
            {
                var options = cached ? o : o with { CacheBytes = 0 };
                return configure?.Invoke(options) ?? options;
            });

    [Theory]
    [InlineData("bytes=0-9", "0123456789", "bytes 0-9/62")]
    [InlineData("bytes=10-", "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ", "bytes 10-61/62")]
    [InlineData("bytes=-3", "XYZ", "bytes 59-61/62")]
    [InlineData("bytes=-100", Fixtures.Alphabet, "bytes 0-61/62")]
    [InlineData("bytes=60-1000", "YZ", "bytes 60-61/62")]
    [InlineData("bytes=61-61", "Z", "bytes 61-61/62")]
    [InlineData("bytes=0-0", "0", "bytes 0-0/62")]
    public async Task SingleRange_Returns206WithExactBytesAndContentRange(string range, string expected, string contentRange)
    {
        foreach (var cached in new[] { true, false })
        {
            await using var server = await StartAsync(cached);
            var response = await server.GetRawAsync("/a.txt", $"Range: {range}\r\n");
            Assert.Equal(206, response.Status);
            Assert.Equal(expected, response.Text);
            Assert.Equal(contentRange, response.Header("Content-Range"));
            Assert.Equal(expected.Length.ToString(System.Globalization.CultureInfo.InvariantCulture), response.Header("Content-Length"));
            Assert.Equal("text/plain; charset=utf-8", response.Header("Content-Type"));
            Assert.NotNull(response.Header("ETag"));
        }
    }

    [Theory]
    [InlineData("bytes=-0")]
    [InlineData("bytes=62-")]
    [InlineData("bytes=100-200")]
    public async Task Unsatisfiable_Returns416WithCurrentLength(string range)
    {
        foreach (var cached in new[] { true, false })
        {
            await using var server = await StartAsync(cached);
            var response = await server.GetRawAsync("/a.txt", $"Range: {range}\r\n");
            Assert.Equal(416, response.Status);
            Assert.Equal("bytes */62", response.Header("Content-Range"));
            Assert.Equal("416 Range Not Satisfiable\n", response.Text);
        }
    }

    [Theory]
    [InlineData("items=0-1")]
    [InlineData("bytes=abc")]
    [InlineData("bytes=5-2")]
    [InlineData("bytes")]
    [InlineData("bytes=")]
    [InlineData("0-9")]
    public async Task IgnoredRange_Returns200WholeFile(string range)
    {
        await using var server = await StartAsync(cached: true);
        var response = await server.GetRawAsync("/a.txt", $"Range: {range}\r\n");
        Assert.Equal(200, response.Status);
        Assert.Equal(Fixtures.Alphabet, response.Text);
        Assert.Null(response.Header("Content-Range"));
    }

    [Fact]
    public async Task Head_WithRange_IgnoresRange()
    {
        await using var server = await StartAsync(cached: true);
        var response = await server.GetRawAsync("/a.txt", "Range: bytes=0-9\r\n", "HEAD");
        Assert.Equal(200, response.Status);
        Assert.Equal("62", response.Header("Content-Length"));
        Assert.Null(response.Header("Content-Range"));
    }

    [Fact]
    public async Task ZeroByteFile_RangeFromStart_Returns416()
    {
        await using var server = await StartAsync(cached: true);
        var response = await server.GetRawAsync("/empty.txt", "Range: bytes=0-\r\n");
        Assert.Equal(416, response.Status);
        Assert.Equal("bytes */0", response.Header("Content-Range"));
    }

    [Fact]
    public async Task ZeroByteFile_SuffixRange_Returns200Empty()
    {
        await using var server = await StartAsync(cached: true);
        var response = await server.GetRawAsync("/empty.txt", "Range: bytes=-5\r\n");
        Assert.Equal(200, response.Status);
        Assert.Equal("0", response.Header("Content-Length"));
    }

    [Fact]
    public async Task IfRange_MatchingETag_Returns206()
    {
        await using var server = await StartAsync(cached: true);
        var etag = (await server.GetRawAsync("/a.txt")).Header("ETag")!;
        var response = await server.GetRawAsync("/a.txt", $"Range: bytes=0-1\r\nIf-Range: {etag}\r\n");
        Assert.Equal(206, response.Status);
        Assert.Equal("01", response.Text);
    }

    [Fact]
    public async Task IfRange_ExactLastModified_Returns206()
    {
        await using var server = await StartAsync(cached: true);

        // A file written in the current second gets the previous second as Last-Modified (never after
        // Date, and never a strong validator); an ordinary file is older.
        File.SetLastWriteTimeUtc(Path.Combine(server.Root, "a.txt"), DateTime.UtcNow.AddHours(-1));
        var lastModified = (await server.GetRawAsync("/a.txt")).Header("Last-Modified")!;
        var response = await server.GetRawAsync("/a.txt", $"Range: bytes=0-1\r\nIf-Range: {lastModified}\r\n");
        Assert.Equal(206, response.Status);
    }

    [Theory]
    [InlineData("\"stale\"")]
    [InlineData("Mon, 01 Jan 2001 00:00:00 GMT")]
    public async Task IfRange_NotMatching_Returns200WholeFile(string ifRange)
    {
        await using var server = await StartAsync(cached: true);
        var response = await server.GetRawAsync("/a.txt", $"Range: bytes=0-1\r\nIf-Range: {ifRange}\r\n");
        Assert.Equal(200, response.Status);
        Assert.Equal(Fixtures.Alphabet, response.Text);
    }

    [Fact]
    public async Task IfRange_WeakETag_Returns200()
    {
        await using var server = await StartAsync(cached: true);
        var etag = (await server.GetRawAsync("/a.txt")).Header("ETag")!;
        var response = await server.GetRawAsync("/a.txt", $"Range: bytes=0-1\r\nIf-Range: W/{etag}\r\n");
        Assert.Equal(200, response.Status);
    }

    [Fact]
    public async Task NoRanges_IgnoresRangeAndOmitsAcceptRanges()
    {
        await using var server = await StartAsync(cached: true, o => o with { Ranges = false });
        var response = await server.GetRawAsync("/a.txt", "Range: bytes=0-1\r\n");
        Assert.Equal(200, response.Status);
        Assert.Null(response.Header("Accept-Ranges"));
        Assert.Equal(Fixtures.Alphabet, response.Text);
    }

    [Theory]
    [MemberData(nameof(BothPaths))]
    public async Task MultipleRanges_Returns206MultipartWithExactParts(bool cached)
    {
        await using var server = await StartAsync(cached);
        var response = await server.GetRawAsync("/a.txt", "Range: bytes=0-9,20-29,-2\r\n");
        Assert.Equal(206, response.Status);
        var contentType = response.Header("Content-Type")!;
        Assert.Equal(response.Body.Length.ToString(System.Globalization.CultureInfo.InvariantCulture), response.Header("Content-Length"));
        var parts = Multipart.Parse(response.Body, contentType);
        Assert.Equal(3, parts.Count);
        Assert.Equal(["bytes 0-9/62", "bytes 20-29/62", "bytes 60-61/62"], parts.Select(p => p.ContentRange));
        Assert.Equal(["0123456789", "klmnopqrst", "YZ"], parts.Select(p => Encoding.ASCII.GetString(p.Body)));
        Assert.All(parts, p => Assert.Equal("text/plain; charset=utf-8", p.ContentType));
        Assert.Null(response.Header("Content-Range"));
    }

    [Fact]
    public async Task MultipleRanges_OneSatisfiable_ServedAsSingleRange()
    {
        await using var server = await StartAsync(cached: true);
        var response = await server.GetRawAsync("/a.txt", "Range: bytes=100-200,5-6\r\n");
        Assert.Equal(206, response.Status);
        Assert.Equal("56", response.Text);
        Assert.Equal("bytes 5-6/62", response.Header("Content-Range"));
    }

    [Fact]
    public async Task MultipleRanges_CachedAndStreamed_AreByteIdenticalApartFromBoundary()
    {
        await using var cachedServer = await StartAsync(cached: true);
        await using var streamedServer = await StartAsync(cached: false);
        var a = await cachedServer.GetRawAsync("/a.txt", "Range: bytes=1-2,40-45\r\n");
        var b = await streamedServer.GetRawAsync("/a.txt", "Range: bytes=1-2,40-45\r\n");
        var pa = Multipart.Parse(a.Body, a.Header("Content-Type")!);
        var pb = Multipart.Parse(b.Body, b.Header("Content-Type")!);
        Assert.Equal(pa.Select(p => (p.ContentRange, Encoding.ASCII.GetString(p.Body))), pb.Select(p => (p.ContentRange, Encoding.ASCII.GetString(p.Body))));
        Assert.Equal(a.Header("Content-Length"), b.Header("Content-Length"));
    }
}
