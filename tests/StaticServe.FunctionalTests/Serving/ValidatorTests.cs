using System.Globalization;
using StaticServe.FunctionalTests.Infrastructure;

namespace StaticServe.FunctionalTests.Serving;

/// <summary>ETag (RFC 9110 §8.8.3), Last-Modified (§8.8.2) and Cache-Control as the options set them.</summary>
public sealed class ValidatorTests
{
    [Fact]
    public async Task Get_File_SendsStrongETagAndImfFixdateLastModified()
    {
        var mtime = new DateTime(2024, 5, 6, 7, 8, 9, DateTimeKind.Utc).AddTicks(1234567);
        await using var server = await TestServer.StartAsync(root =>
        {
            var path = Path.Combine(root, "a.txt");
            File.WriteAllText(path, "hello");
            File.SetLastWriteTimeUtc(path, mtime);
        });
        var response = await server.GetRawAsync("/a.txt");
        var etag = response.Header("ETag");
        Assert.NotNull(etag);
        Assert.StartsWith("\"", etag);
        Assert.EndsWith("\"", etag);
        Assert.False(etag.StartsWith("W/", StringComparison.Ordinal));
        Assert.Equal("Mon, 06 May 2024 07:08:09 GMT", response.Header("Last-Modified"));
    }

    [Theory]
    [InlineData(100)] // cached
    [InlineData(3 * 1024 * 1024)] // streamed
    public async Task FutureModificationTime_LastModifiedIsNeverLaterThanDate(int size)
    {
        // RFC 9110 §8.8.2.1: a future mtime MUST be replaced by the message origination date.
        await using var server = await TestServer.StartAsync(root =>
        {
            var path = Path.Combine(root, "future.bin");
            File.WriteAllBytes(path, Fixtures.Random(size));
            File.SetLastWriteTimeUtc(path, new DateTime(2099, 1, 1, 0, 0, 0, DateTimeKind.Utc));
        });
        for (var i = 0; i < 2; i++)
        {
            var response = await server.GetRawAsync("/future.bin");
            Assert.Equal(200, response.Status);
            var lastModified = DateTimeOffset.ParseExact(response.Header("Last-Modified")!, "r", CultureInfo.InvariantCulture);
            var date = DateTimeOffset.ParseExact(response.Header("Date")!, "r", CultureInfo.InvariantCulture);
            Assert.True(lastModified <= date, $"Last-Modified {lastModified:r} is after Date {date:r}");
            Assert.True(date - lastModified < TimeSpan.FromMinutes(1));
        }
    }

    [Fact]
    public async Task SameSizeRewriteWithinOneSecond_ChangesETag()
    {
        var second = new DateTime(2024, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        await using var server = await TestServer.StartAsync(root => { }, o => o with { RevalidateMs = 0 });
        var path = server.Write("v.txt", "aaaa"u8.ToArray());
        File.SetLastWriteTimeUtc(path, second.AddMilliseconds(100));
        var first = await server.GetRawAsync("/v.txt");

        File.WriteAllBytes(path, "bbbb"u8.ToArray());
        File.SetLastWriteTimeUtc(path, second.AddMilliseconds(600));
        var after = await server.GetRawAsync("/v.txt");

        Assert.Equal(first.Header("Last-Modified"), after.Header("Last-Modified"));
        Assert.NotEqual(first.Header("ETag"), after.Header("ETag"));
        Assert.Equal("bbbb", after.Text);
    }

    [Fact]
    public async Task CacheControl_DefaultForAssetsAndNoCacheForHtml()
    {
        await using var server = await TestServer.StartAsync(root =>
        {
            File.WriteAllText(Path.Combine(root, "a.css"), "x");
            File.WriteAllText(Path.Combine(root, "index.html"), "<p>");
        });
        Assert.Equal("public, max-age=86400", (await server.GetRawAsync("/a.css")).Header("Cache-Control"));
        Assert.Equal("no-cache", (await server.GetRawAsync("/index.html")).Header("Cache-Control"));
        Assert.Equal("no-cache", (await server.GetRawAsync("/")).Header("Cache-Control"));
    }

    [Fact]
    public async Task CacheControl_ExplicitValue_AppliesToHtmlToo()
    {
        await using var server = await TestServer.StartAsync(
            root => File.WriteAllText(Path.Combine(root, "index.html"), "<p>"),
            o => o with { CacheControl = "public, max-age=60", CacheControlExplicit = true });
        Assert.Equal("public, max-age=60", (await server.GetRawAsync("/index.html")).Header("Cache-Control"));
    }

    [Fact]
    public async Task NoETagAndNoLastModified_OmitBothHeaders()
    {
        await using var server = await TestServer.StartAsync(
            root => File.WriteAllText(Path.Combine(root, "a.txt"), "x"),
            o => o with { ETags = false, LastModified = false });
        var response = await server.GetRawAsync("/a.txt");
        Assert.Equal(200, response.Status);
        Assert.Null(response.Header("ETag"));
        Assert.Null(response.Header("Last-Modified"));
    }

    [Fact]
    public async Task LastModified_MatchesFileMtimeInSeconds()
    {
        await using var server = await TestServer.StartAsync(root =>
        {
            File.WriteAllText(Path.Combine(root, "a.txt"), "x");
            File.SetLastWriteTimeUtc(Path.Combine(root, "a.txt"), DateTime.UtcNow.AddMinutes(-5));
        });
        var response = await server.GetRawAsync("/a.txt");
        var expected = File.GetLastWriteTimeUtc(Path.Combine(server.Root, "a.txt")).ToString("r", CultureInfo.InvariantCulture);
        Assert.Equal(expected, response.Header("Last-Modified"));
    }

    /// <summary>RFC 9110 §8.8.2.1: never later than Date, which Kestrel refreshes once a second.</summary>
    [Fact]
    public async Task LastModified_OfAFileWrittenJustNow_IsNotAfterDate()
    {
        await using var server = await TestServer.StartAsync(configure: o => o with { RevalidateMs = 0 });
        for (var i = 0; i < 10; i++)
        {
            File.WriteAllText(Path.Combine(server.Root, $"f{i}.txt"), "x");
            var response = await server.GetRawAsync($"/f{i}.txt");
            var date = DateTimeOffset.Parse(response.Header("Date")!, CultureInfo.InvariantCulture);
            var lastModified = DateTimeOffset.Parse(response.Header("Last-Modified")!, CultureInfo.InvariantCulture);
            Assert.True(lastModified <= date, $"Last-Modified {lastModified:r} after Date {date:r}");
            await Task.Delay(97);
        }
    }
}
