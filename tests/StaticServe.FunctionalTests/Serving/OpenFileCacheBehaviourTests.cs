using StaticServe.FunctionalTests.Infrastructure;

namespace StaticServe.FunctionalTests.Serving;

/// <summary>
/// Streamed (large) files keep their handle and headers open between requests: seen from outside,
/// the answers are identical to a fresh open, and never stale after a write, a rename-over or a delete.
/// </summary>
public sealed class OpenFileCacheBehaviourTests
{
    /// <summary>Files above 4 KiB are streamed in these tests.</summary>
    private static readonly Func<StaticServe.Configuration.ServerOptions, StaticServe.Configuration.ServerOptions> SmallCacheLimit =
        o => o with { MaxCachedFileBytes = 4096 };

    [Fact]
    public async Task SecondRequest_ServedFromTheOpenHandle_WithIdenticalHeadersAndBytes()
    {
        var content = Fixtures.Random(100_000);
        await using var server = await TestServer.StartAsync(root => File.WriteAllBytes(Path.Combine(root, "v.bin"), content), SmallCacheLimit);
        var first = await server.GetRawAsync("/v.bin", "Range: bytes=1000-1999\r\n");
        var second = await server.GetRawAsync("/v.bin", "Range: bytes=1000-1999\r\n");
        Assert.Equal(206, second.Status);
        Assert.Equal(content.AsSpan(1000, 1000).ToArray(), second.Body);
        Assert.Equal(first.Body, second.Body);
        foreach (var name in new[] { "Content-Type", "Content-Length", "Content-Range", "ETag", "Last-Modified", "Cache-Control", "Accept-Ranges" })
        {
            Assert.Equal(first.Header(name), second.Header(name));
        }

        Assert.Null(second.Header("X-Cache")); // X-Cache is for the small-file cache only
        Assert.Equal(1, server.Host.OpenFiles.Count);
        Assert.Equal(1, server.Host.OpenFiles.Hits);
    }

    [Fact]
    public async Task AtomicRenameOver_SameSizeSameSecondOlderMtime_ServesTheNewFileAndETag()
    {
        var before = Fixtures.Random(50_000, seed: 1);
        var after = Fixtures.Random(50_000, seed: 2);
        await using var server = await TestServer.StartAsync(root => File.WriteAllBytes(Path.Combine(root, "v.bin"), before), o => SmallCacheLimit(o) with { RevalidateMs = 0 });
        var path = Path.Combine(server.Root, "v.bin");
        var first = await server.GetRawAsync("/v.bin");
        Assert.Equal(before, first.Body);

        var temp = path + ".tmp";
        File.WriteAllBytes(temp, after);
        // Same size, same second, a microsecond older (issue 3's hardest replacement): the ETag
        // carries the full-precision mtime, so it changes too. (An identical mtime would keep it,
        // like nginx's; see README "Validators".)
        File.SetLastWriteTimeUtc(temp, File.GetLastWriteTimeUtc(path).AddTicks(-10));
        File.Move(temp, path, overwrite: true);

        var second = await server.GetRawAsync("/v.bin");
        Assert.Equal(after, second.Body);
        Assert.NotEqual(first.Header("ETag"), second.Header("ETag"));
    }

    [Fact]
    public async Task InPlaceRewrite_DefaultWindow_FreshOneSecondAfterTheWrite()
    {
        var before = Fixtures.Random(50_000, seed: 3);
        var after = Fixtures.Random(60_000, seed: 4);
        await using var server = await TestServer.StartAsync(root => File.WriteAllBytes(Path.Combine(root, "v.bin"), before), SmallCacheLimit);
        Assert.Equal(before, (await server.GetRawAsync("/v.bin")).Body);
        Assert.Equal(before, (await server.GetRawAsync("/v.bin")).Body);
        File.WriteAllBytes(Path.Combine(server.Root, "v.bin"), after);

        await Task.Delay(TimeSpan.FromSeconds(1));
        var response = await server.GetRawAsync("/v.bin");
        Assert.Equal("60000", response.Header("Content-Length"));
        Assert.Equal(after, response.Body);
    }

    [Fact]
    public async Task DeletedFile_Returns404_AndTheHandleIsClosed_ThenARecreatedFileIsServed()
    {
        var content = Fixtures.Random(50_000, seed: 5);
        await using var server = await TestServer.StartAsync(root => File.WriteAllBytes(Path.Combine(root, "v.bin"), content), o => SmallCacheLimit(o) with { RevalidateMs = 0 });
        Assert.Equal(200, (await server.GetRawAsync("/v.bin")).Status);
        Assert.Equal(1, server.Host.OpenFiles.Count);

        File.Delete(Path.Combine(server.Root, "v.bin"));
        Assert.Equal(404, (await server.GetRawAsync("/v.bin")).Status);
        Assert.Equal(0, server.Host.OpenFiles.Count);

        var again = Fixtures.Random(70_000, seed: 6);
        File.WriteAllBytes(Path.Combine(server.Root, "v.bin"), again);
        Assert.Equal(again, (await server.GetRawAsync("/v.bin")).Body);
    }

    [Fact]
    public async Task FileShrinkingBelowTheCacheLimit_MovesToTheSmallFileCache()
    {
        await using var server = await TestServer.StartAsync(root => File.WriteAllBytes(Path.Combine(root, "v.bin"), Fixtures.Random(50_000)), o => SmallCacheLimit(o) with { RevalidateMs = 0 });
        Assert.Null((await server.GetRawAsync("/v.bin")).Header("X-Cache"));
        File.WriteAllText(Path.Combine(server.Root, "v.bin"), "small now");
        var response = await server.GetRawAsync("/v.bin");
        Assert.Equal("small now", response.Text);
        Assert.Equal("MISS", response.Header("X-Cache"));
        Assert.Equal(0, server.Host.OpenFiles.Count);
    }
}
