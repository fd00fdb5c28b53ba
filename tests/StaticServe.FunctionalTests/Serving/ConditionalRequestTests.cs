using System.Globalization;
using StaticServe.FunctionalTests.Infrastructure;

namespace StaticServe.FunctionalTests.Serving;

/// <summary>Preconditions over the wire, evaluated in RFC 9110 §13.2.2 order.</summary>
public sealed class ConditionalRequestTests
{
    private static readonly DateTime Mtime = new(2024, 3, 4, 5, 6, 7, DateTimeKind.Utc);

    private static Task<TestServer> StartAsync(Func<StaticServe.Configuration.ServerOptions, StaticServe.Configuration.ServerOptions>? configure = null) =>
        TestServer.StartAsync(
            root =>
            {
                var path = Path.Combine(root, "a.txt");
                File.WriteAllText(path, Fixtures.Alphabet);
                File.SetLastWriteTimeUtc(path, Mtime.AddMilliseconds(250));
            },
            configure);

    private static string Date(DateTime value) => value.ToString("r", CultureInfo.InvariantCulture);

    [Theory]
    [InlineData("{0}")]
    [InlineData("W/{0}")]
    [InlineData("\"other\", {0}")]
    [InlineData("\"other\",W/{0} , \"x\"")]
    [InlineData("*")]
    public async Task IfNoneMatch_Matching_Returns304WithValidatorsAndNoBody(string template)
    {
        await using var server = await StartAsync();
        var etag = (await server.GetRawAsync("/a.txt")).Header("ETag")!;
        var response = await server.GetRawAsync("/a.txt", $"If-None-Match: {string.Format(CultureInfo.InvariantCulture, template, etag)}\r\n");
        Assert.Equal(304, response.Status);
        Assert.Equal(etag, response.Header("ETag"));
        Assert.Equal("public, max-age=86400", response.Header("Cache-Control"));
        Assert.NotNull(response.Header("Date"));
        Assert.Null(response.Header("Content-Length"));
        Assert.Null(response.Header("Transfer-Encoding"));
        Assert.Empty(response.Body);
    }

    [Fact]
    public async Task IfNoneMatch_Head_Returns304()
    {
        await using var server = await StartAsync();
        var etag = (await server.GetRawAsync("/a.txt")).Header("ETag")!;
        var response = await server.GetRawAsync("/a.txt", $"If-None-Match: {etag}\r\n", "HEAD");
        Assert.Equal(304, response.Status);
    }

    [Fact]
    public async Task IfNoneMatch_NotMatching_Returns200EvenWhenIfModifiedSinceWouldMatch()
    {
        // §13.1.3: If-Modified-Since is ignored when If-None-Match is present.
        await using var server = await StartAsync();
        var response = await server.GetRawAsync("/a.txt", $"If-None-Match: \"nope\"\r\nIf-Modified-Since: {Date(Mtime.AddDays(1))}\r\n");
        Assert.Equal(200, response.Status);
        Assert.Equal(Fixtures.AlphabetBytes, response.Body);
    }

    [Fact]
    public async Task IfModifiedSince_EqualDate_Returns304()
    {
        await using var server = await StartAsync();
        var response = await server.GetRawAsync("/a.txt", $"If-Modified-Since: {Date(Mtime)}\r\n");
        Assert.Equal(304, response.Status);
    }

    [Fact]
    public async Task IfModifiedSince_EarlierDate_Returns200()
    {
        await using var server = await StartAsync();
        var response = await server.GetRawAsync("/a.txt", $"If-Modified-Since: {Date(Mtime.AddSeconds(-1))}\r\n");
        Assert.Equal(200, response.Status);
    }

    [Theory]
    [InlineData("yesterday")]
    [InlineData("Mon, 32 Foo 2024 00:00:00 GMT")]
    [InlineData("")]
    public async Task IfModifiedSince_InvalidDate_Ignored(string value)
    {
        await using var server = await StartAsync();
        var response = await server.GetRawAsync("/a.txt", $"If-Modified-Since: {value}\r\n");
        Assert.Equal(200, response.Status);
    }

    [Fact]
    public async Task IfModifiedSince_WithoutLastModified_Ignored()
    {
        await using var server = await StartAsync(o => o with { LastModified = false });
        var response = await server.GetRawAsync("/a.txt", $"If-Modified-Since: {Date(Mtime.AddDays(1))}\r\n");
        Assert.Equal(200, response.Status);
    }

    [Fact]
    public async Task NotModified_WithoutETag_CarriesLastModified()
    {
        await using var server = await StartAsync(o => o with { ETags = false });
        var response = await server.GetRawAsync("/a.txt", $"If-Modified-Since: {Date(Mtime)}\r\n");
        Assert.Equal(304, response.Status);
        Assert.Equal(Date(Mtime), response.Header("Last-Modified"));
        Assert.Null(response.Header("ETag"));
    }

    [Fact]
    public async Task IfMatch_Mismatch_Returns412()
    {
        await using var server = await StartAsync();
        var response = await server.GetRawAsync("/a.txt", "If-Match: \"nope\"\r\n");
        Assert.Equal(412, response.Status);
        Assert.Equal("412 Precondition Failed\n", response.Text);
    }

    [Fact]
    public async Task IfMatch_WeakTag_Returns412BecauseComparisonIsStrong()
    {
        await using var server = await StartAsync();
        var etag = (await server.GetRawAsync("/a.txt")).Header("ETag")!;
        var response = await server.GetRawAsync("/a.txt", $"If-Match: W/{etag}\r\n");
        Assert.Equal(412, response.Status);
    }

    [Theory]
    [InlineData("*")]
    [InlineData("{0}")]
    [InlineData("\"x\", {0}")]
    public async Task IfMatch_Matching_Returns200(string template)
    {
        await using var server = await StartAsync();
        var etag = (await server.GetRawAsync("/a.txt")).Header("ETag")!;
        var response = await server.GetRawAsync("/a.txt", $"If-Match: {string.Format(CultureInfo.InvariantCulture, template, etag)}\r\n");
        Assert.Equal(200, response.Status);
    }

    [Fact]
    public async Task IfUnmodifiedSince_Earlier_Returns412()
    {
        await using var server = await StartAsync();
        var response = await server.GetRawAsync("/a.txt", $"If-Unmodified-Since: {Date(Mtime.AddSeconds(-10))}\r\n");
        Assert.Equal(412, response.Status);
    }

    [Fact]
    public async Task IfUnmodifiedSince_EqualOrLater_Returns200()
    {
        await using var server = await StartAsync();
        Assert.Equal(200, (await server.GetRawAsync("/a.txt", $"If-Unmodified-Since: {Date(Mtime)}\r\n")).Status);
        Assert.Equal(200, (await server.GetRawAsync("/a.txt", $"If-Unmodified-Since: {Date(Mtime.AddDays(3))}\r\n")).Status);
    }

    [Fact]
    public async Task IfMatch_Matching_OverridesFailingIfUnmodifiedSince()
    {
        // §13.2.2 step 2 only runs when If-Match is absent.
        await using var server = await StartAsync();
        var etag = (await server.GetRawAsync("/a.txt")).Header("ETag")!;
        var response = await server.GetRawAsync("/a.txt", $"If-Match: {etag}\r\nIf-Unmodified-Since: {Date(Mtime.AddDays(-1))}\r\n");
        Assert.Equal(200, response.Status);
    }

    [Fact]
    public async Task IfMatchFailure_TakesPrecedenceOverIfNoneMatch()
    {
        await using var server = await StartAsync();
        var etag = (await server.GetRawAsync("/a.txt")).Header("ETag")!;
        var response = await server.GetRawAsync("/a.txt", $"If-Match: \"nope\"\r\nIf-None-Match: {etag}\r\n");
        Assert.Equal(412, response.Status);
    }

    [Fact]
    public async Task NotModified_OnStreamedFile_SameAsCached()
    {
        await using var server = await StartAsync(o => o with { CacheBytes = 0 });
        var etag = (await server.GetRawAsync("/a.txt")).Header("ETag")!;
        var response = await server.GetRawAsync("/a.txt", $"If-None-Match: {etag}\r\n");
        Assert.Equal(304, response.Status);
        Assert.Empty(response.Body);
    }
}
