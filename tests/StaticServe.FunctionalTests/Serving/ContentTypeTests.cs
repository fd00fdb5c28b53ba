using StaticServe.FunctionalTests.Infrastructure;

namespace StaticServe.FunctionalTests.Serving;

/// <summary>Content-Type over the wire (RFC 9110 §8.3): text types with charset, binary types without, unknown as octet-stream.</summary>
public sealed class ContentTypeTests
{
    [Theory]
    [InlineData("index.html", "text/html; charset=utf-8")]
    [InlineData("style.css", "text/css; charset=utf-8")]
    [InlineData("app.js", "text/javascript; charset=utf-8")]
    [InlineData("mod.mjs", "text/javascript; charset=utf-8")]
    [InlineData("data.json", "application/json; charset=utf-8")]
    [InlineData("app.js.map", "application/json; charset=utf-8")]
    [InlineData("site.webmanifest", "application/manifest+json; charset=utf-8")]
    [InlineData("logo.svg", "image/svg+xml; charset=utf-8")]
    [InlineData("module.wasm", "application/wasm")]
    [InlineData("photo.avif", "image/avif")]
    [InlineData("photo.webp", "image/webp")]
    [InlineData("photo.png", "image/png")]
    [InlineData("font.woff2", "font/woff2")]
    [InlineData("README", "application/octet-stream")]
    [InlineData("archive.unknownext", "application/octet-stream")]
    [InlineData("UPPER.HTML", "text/html; charset=utf-8")]
    public async Task Get_FileByExtension_SendsExpectedContentType(string name, string expected)
    {
        await using var server = await TestServer.StartAsync(root => File.WriteAllBytes(Path.Combine(root, name), [1, 2, 3]));
        var response = await server.GetRawAsync("/" + name);
        Assert.Equal(200, response.Status);
        Assert.Equal(expected, response.Header("Content-Type"));
        Assert.Equal("nosniff", response.Header("X-Content-Type-Options"));
    }

    [Theory]
    [InlineData("/missing.txt", 404)]
    [InlineData("/a/../b", 400)]
    public async Task ErrorResponses_CarryNosniffAndPlainText(string target, int status)
    {
        await using var server = await TestServer.StartAsync();
        var response = await server.GetRawAsync(target);
        Assert.Equal(status, response.Status);
        Assert.Equal("nosniff", response.Header("X-Content-Type-Options"));
        Assert.Equal("text/plain; charset=utf-8", response.Header("Content-Type"));
    }
}
