using System.Text.Json;
using StaticServe.FunctionalTests.Infrastructure;

namespace StaticServe.FunctionalTests.Diagnostics;

/// <summary>/stats and the health endpoints over the wire.</summary>
public sealed class StatsEndpointTests
{
    [Fact]
    public async Task Stats_ReportsEveryFieldWithCurrentFigures()
    {
        await using var server = await TestServer.StartAsync(root => File.WriteAllText(Path.Combine(root, "a.txt"), Fixtures.Alphabet));
        await server.GetRawAsync("/a.txt");
        await server.GetRawAsync("/a.txt");
        var response = await server.GetRawAsync("/stats");
        Assert.Equal(200, response.Status);
        Assert.Equal("application/json; charset=utf-8", response.Header("Content-Type"));
        Assert.Equal("no-store", response.Header("Cache-Control"));
        using var json = JsonDocument.Parse(response.Body);
        var root = json.RootElement;
        foreach (var field in new[] { "fileCount", "totalSize", "bufferPoolCount", "bufferPoolSize", "cacheHits", "cacheMisses", "cacheHitRatio", "cacheEvictions", "cacheInvalidations", "requests", "bytesServed", "poolInUse", "poolRents", "poolTemporaryAllocations", "sendfileBytes", "sendfileCopiedBytes", "gcGen0", "gcGen1", "gcGen2", "totalAllocatedBytes", "heapSizeBytes", "workingSetBytes", "uptimeSeconds" })
        {
            Assert.True(root.TryGetProperty(field, out _), $"missing {field}");
        }

        Assert.Equal(1, root.GetProperty("fileCount").GetInt32());
        Assert.Equal(1, root.GetProperty("cacheHits").GetInt64());
        Assert.Equal(1, root.GetProperty("cacheMisses").GetInt64());
        Assert.Equal(3, root.GetProperty("requests").GetInt64());
        Assert.Equal(124, root.GetProperty("bytesServed").GetInt64());
    }

    [Fact]
    public async Task Stats_EmptyPath_Disabled()
    {
        await using var server = await TestServer.StartAsync(configure: o => o with { StatsPath = "" });
        Assert.Equal(404, (await server.GetRawAsync("/stats")).Status);
    }

    [Fact]
    public async Task Health_And_Ready_Answer200()
    {
        await using var server = await TestServer.StartAsync();
        var health = await server.GetRawAsync("/healthz");
        Assert.Equal(200, health.Status);
        Assert.Equal("ok\n", health.Text);
        Assert.Equal(200, (await server.GetRawAsync("/readyz")).Status);
    }
}
