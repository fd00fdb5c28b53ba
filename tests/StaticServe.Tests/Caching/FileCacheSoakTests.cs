using StaticServe.Caching;
using StaticServe.Serving;

namespace StaticServe.Tests.Caching;

/// <summary>Readers, loaders and invalidators race on a small cache from a common start; afterwards
/// the dictionary and the list agree and the bytes are within budget.</summary>
public sealed class FileCacheSoakTests
{
    private const int Threads = 4;
    private const int IterationsPerThread = 30_000;
    private const int Keys = 64;

    // About 16 of the 64 files fit, so eviction runs constantly alongside hits and replacements.
    private const long Capacity = 16 * 1_500;

    [Fact]
    public void MixedOperations_ManyThreads_CacheStaysConsistentAndWithinBudget()
    {
        var cache = new FileCache(Capacity, 2_000);
        var wrongEntries = 0;
        var overBudgetSeen = 0;
        using var gate = new ManualResetEventSlim();
        var workers = Enumerable.Range(0, Threads).Select(id => new Thread(() =>
        {
            var random = new Random(id);
            gate.Wait();
            for (var i = 0; i < IterationsPerThread; i++)
            {
                var key = "/f" + random.Next(Keys);
                if (cache.TryGet(key, out var file))
                {
                    if (file.PhysicalPath != key)
                    {
                        Interlocked.Increment(ref wrongEntries);
                    }

                    if (random.Next(20) == 0)
                    {
                        cache.Invalidate(key, file);
                    }
                }
                else
                {
                    // Sizes straddle the 2,000-byte entry limit so some loads are rejected.
                    var length = random.Next(100, 2_100);
                    var loaded = cache.GetOrLoadAsync(key, k => Task.FromResult<CachedFile?>(
                        new CachedFile(k, new byte[length], default(FileStatus), "text/plain", "no-cache", "\"e\"", null, 0)))
                        .GetAwaiter().GetResult();
                    if (loaded is null || loaded.PhysicalPath != key)
                    {
                        Interlocked.Increment(ref wrongEntries);
                    }
                }

                if (i % 1000 == 0 && cache.GetStatistics().Bytes > Capacity)
                {
                    Interlocked.Increment(ref overBudgetSeen);
                }
            }
        })).ToList();

        workers.ForEach(t => t.Start());
        gate.Set();
        workers.ForEach(t => t.Join());
        var stats = cache.GetStatistics();

        Assert.True(cache.CheckIntegrity(out var problem), problem);
        Assert.Equal(0, wrongEntries);
        Assert.Equal(0, overBudgetSeen);
        Assert.InRange(stats.Bytes, 0, Capacity);
        Assert.Equal((long)Threads * IterationsPerThread, stats.Hits + stats.Misses);
        Assert.True(stats.Evictions > 0 && stats.Rejections > 0 && stats.Invalidations > 0, stats.ToString());
    }
}
