using StaticServe.FunctionalTests.Infrastructure;

namespace StaticServe.FunctionalTests.Serving;

/// <summary>Directory URLs: the trailing-slash redirect and index files.</summary>
public sealed class DirectoryTests
{
    private static Task<TestServer> StartAsync(Func<StaticServe.Configuration.ServerOptions, StaticServe.Configuration.ServerOptions>? configure = null) =>
        TestServer.StartAsync(
            root =>
            {
                File.WriteAllText(Path.Combine(root, "index.html"), "root index");
                Directory.CreateDirectory(Path.Combine(root, "docs"));
                File.WriteAllText(Path.Combine(root, "docs", "index.html"), "docs index");
                Directory.CreateDirectory(Path.Combine(root, "empty"));
                Directory.CreateDirectory(Path.Combine(root, "evil.com"));
                Directory.CreateDirectory(Path.Combine(root, "a b"));
            },
            configure);

    [Fact]
    public async Task Root_ServesIndex()
    {
        await using var server = await StartAsync();
        var response = await server.GetRawAsync("/");
        Assert.Equal(200, response.Status);
        Assert.Equal("root index", response.Text);
        Assert.Equal("text/html; charset=utf-8", response.Header("Content-Type"));
    }

    [Theory]
    [InlineData("/docs", "docs/")]
    [InlineData("/docs?x=1&y=2", "docs/?x=1&y=2")]
    [InlineData("//evil.com", "evil.com/")]
    [InlineData("/a%20b", "a%20b/")]
    public async Task DirectoryWithoutSlash_Redirects301ToRelativeLocation(string target, string location)
    {
        await using var server = await StartAsync();
        var response = await server.GetRawAsync(target);
        Assert.Equal(301, response.Status);
        Assert.Equal(location, response.Header("Location"));
        Assert.False(response.Header("Location")!.StartsWith("//", StringComparison.Ordinal));
    }

    [Fact]
    public async Task DirectoryWithSlash_ServesItsIndex()
    {
        await using var server = await StartAsync();
        var response = await server.GetRawAsync("/docs/");
        Assert.Equal(200, response.Status);
        Assert.Equal("docs index", response.Text);
    }

    [Fact]
    public async Task DirectoryWithoutIndex_Returns404()
    {
        await using var server = await StartAsync();
        Assert.Equal(404, (await server.GetRawAsync("/empty/")).Status);
    }

    [Fact]
    public async Task FileWithTrailingSlash_Returns404()
    {
        await using var server = await StartAsync();
        Assert.Equal(404, (await server.GetRawAsync("/index.html/")).Status);
    }

    [Fact]
    public async Task CustomIndexName_IsUsed()
    {
        await using var server = await TestServer.StartAsync(root => File.WriteAllText(Path.Combine(root, "default.htm"), "custom"), o => o with { IndexFile = "default.htm" });
        Assert.Equal("custom", (await server.GetRawAsync("/")).Text);
    }

    [Fact]
    public async Task Prefix_MountsTheFolderUnderIt()
    {
        await using var server = await StartAsync(o => o with { Prefix = "/app/" });
        Assert.Equal("root index", (await server.GetRawAsync("/app/")).Text);
        Assert.Equal("docs index", (await server.GetRawAsync("/app/docs/")).Text);
        Assert.Equal(404, (await server.GetRawAsync("/")).Status);
        Assert.Equal(404, (await server.GetRawAsync("/docs/")).Status);
        var redirect = await server.GetRawAsync("/app");
        Assert.Equal(301, redirect.Status);
        Assert.Equal("app/", redirect.Header("Location"));
    }
}
