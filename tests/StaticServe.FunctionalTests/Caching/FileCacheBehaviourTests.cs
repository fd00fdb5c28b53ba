using StaticServe.FunctionalTests.Infrastructure;

namespace StaticServe.FunctionalTests.Caching;

/// <summary>The cache seen from outside: MISS then HIT, and never stale after a write, replace or delete.</summary>
public sealed class FileCacheBehaviourTests
{
    [Fact]
    public async Task FirstRequestMiss_SecondHit_SameBytesAndHeaders()
    {
        await using var server = await TestServer.StartAsync(root => File.WriteAllText(Path.Combine(root, "a.txt"), Fixtures.Alphabet));
        var first = await server.GetRawAsync("/a.txt");
        var second = await server.GetRawAsync("/a.txt");
        Assert.Equal("MISS", first.Header("X-Cache"));
        Assert.Equal("HIT", second.Header("X-Cache"));
        Assert.Equal(first.Body, second.Body);
        Assert.Equal(first.Header("ETag"), second.Header("ETag"));
        var stats = server.Host.Cache.GetStatistics();
        Assert.Equal(1, stats.Count);
        Assert.Equal(1, stats.Hits);
    }

    [Fact]
    public async Task ModifiedFile_ServedFreshOnNextRequest_WithRevalidateZero()
    {
        await using var server = await TestServer.StartAsync(root => File.WriteAllText(Path.Combine(root, "a.txt"), "one"), o => o with { RevalidateMs = 0 });
        Assert.Equal("one", (await server.GetRawAsync("/a.txt")).Text);
        File.WriteAllText(Path.Combine(server.Root, "a.txt"), "two!");
        var after = await server.GetRawAsync("/a.txt");
        Assert.Equal("two!", after.Text);
        Assert.Equal("MISS", after.Header("X-Cache"));
        Assert.Equal(1, server.Host.Cache.GetStatistics().Invalidations);
    }

    [Fact]
    public async Task ModifiedFile_DefaultWindow_FreshOneSecondAfterTheWrite()
    {
        await using var server = await TestServer.StartAsync(root => File.WriteAllText(Path.Combine(root, "a.txt"), "one"));
        Assert.Equal("one", (await server.GetRawAsync("/a.txt")).Text);
        Assert.Equal("HIT", (await server.GetRawAsync("/a.txt")).Header("X-Cache"));
        File.WriteAllText(Path.Combine(server.Root, "a.txt"), "two");

        // The requirement: a request that starts 1 s after the write completed sees it.
        await Task.Delay(TimeSpan.FromSeconds(1));
        var after = await server.GetRawAsync("/a.txt");
        Assert.Equal("two", after.Text);
    }

    [Fact]
    public async Task AtomicRenameOver_SameSizeSameMtime_IsDetected()
    {
        await using var server = await TestServer.StartAsync(root => File.WriteAllText(Path.Combine(root, "a.txt"), "AAAA"), o => o with { RevalidateMs = 0 });
        var path = Path.Combine(server.Root, "a.txt");
        var first = await server.GetRawAsync("/a.txt");
        Assert.Equal("AAAA", first.Text);

        // Same size, and the replacement even carries the exact same mtime: only the inode differs.
        var temp = Path.Combine(server.Root, "a.txt.tmp");
        File.WriteAllText(temp, "BBBB");
        File.SetLastWriteTimeUtc(temp, File.GetLastWriteTimeUtc(path));
        File.Move(temp, path, overwrite: true);

        var after = await server.GetRawAsync("/a.txt");
        Assert.Equal("BBBB", after.Text);
    }

    [Fact]
    public async Task DeletedFile_Returns404_AndRecreatedFileIsServed()
    {
        await using var server = await TestServer.StartAsync(root => File.WriteAllText(Path.Combine(root, "a.txt"), "here"), o => o with { RevalidateMs = 0 });
        Assert.Equal(200, (await server.GetRawAsync("/a.txt")).Status);
        File.Delete(Path.Combine(server.Root, "a.txt"));
        Assert.Equal(404, (await server.GetRawAsync("/a.txt")).Status);
        File.WriteAllText(Path.Combine(server.Root, "a.txt"), "back");
        Assert.Equal("back", (await server.GetRawAsync("/a.txt")).Text);
    }

    [Fact]
    public async Task FileCreatedAfter404_IsServed()
    {
        await using var server = await TestServer.StartAsync();
        Assert.Equal(404, (await server.GetRawAsync("/late.txt")).Status);
        File.WriteAllText(Path.Combine(server.Root, "late.txt"), "late");
        Assert.Equal("late", (await server.GetRawAsync("/late.txt")).Text);
    }

    [Fact]
    public async Task TreeLargerThanBudget_CacheStaysWithinBudget()
    {
        const long budget = 256 * 1024;
        await using var server = await TestServer.StartAsync(
            root =>
            {
                for (var i = 0; i < 100; i++)
                {
                    File.WriteAllBytes(Path.Combine(root, $"f{i}.bin"), Fixtures.Random(8 * 1024, i));
                }
            },
            o => o with { CacheBytes = budget, MaxCachedFileBytes = 64 * 1024 });
        for (var round = 0; round < 2; round++)
        {
            for (var i = 0; i < 100; i++)
            {
                var response = await server.GetRawAsync($"/f{i}.bin");
                Assert.Equal(Fixtures.Random(8 * 1024, i), response.Body);
                Assert.True(server.Host.Cache.GetStatistics().Bytes <= budget);
            }
        }

        var stats = server.Host.Cache.GetStatistics();
        Assert.True(stats.Evictions > 0);
        Assert.True(stats.Bytes <= budget, $"{stats.Bytes} > {budget}");
    }

    [Fact]
    public async Task FileAboveMaxCachedSize_IsStreamedWithoutXCacheHit()
    {
        await using var server = await TestServer.StartAsync(root => File.WriteAllBytes(Path.Combine(root, "big.bin"), Fixtures.Random(10_000)), o => o with { MaxCachedFileBytes = 4096 });
        var first = await server.GetRawAsync("/big.bin");
        var second = await server.GetRawAsync("/big.bin");
        Assert.Equal(Fixtures.Random(10_000), second.Body);
        Assert.Null(second.Header("X-Cache"));
        Assert.Equal(0, server.Host.Cache.GetStatistics().Count);
        Assert.Equal(first.Header("ETag"), second.Header("ETag"));
    }

    [Fact]
    public async Task ConcurrentColdRequests_AllGetTheSameBytes()
    {
        await using var server = await TestServer.StartAsync(root => File.WriteAllBytes(Path.Combine(root, "cold.bin"), Fixtures.Random(100_000)));
        var tasks = Enumerable.Range(0, 32).Select(_ => server.Client.GetByteArrayAsync("/cold.bin")).ToArray();
        var bodies = await Task.WhenAll(tasks);
        Assert.All(bodies, b => Assert.Equal(Fixtures.Random(100_000), b));
        Assert.Equal(1, server.Host.Cache.GetStatistics().Count);
    }
}
