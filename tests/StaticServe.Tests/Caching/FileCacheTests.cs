using StaticServe.Caching;
using StaticServe.Serving;

namespace StaticServe.Tests.Caching;

public sealed class FileCacheTests
{
    /// <summary>Content length that makes an entry cost exactly 1,000 bytes with its overhead.</summary>
    private const int ThousandByteContent = 1000 - CachedFile.OverheadBytes;

    private static CachedFile File(string path, int contentLength = ThousandByteContent) =>
        new(path, new byte[contentLength], default(FileStatus), "text/plain", "no-cache", "\"e\"", null, 0);

    private static Task<CachedFile?> Load(FileCache cache, CachedFile file) =>
        cache.GetOrLoadAsync(file.PhysicalPath, _ => Task.FromResult<CachedFile?>(file));

    [Fact]
    public void Constructor_NegativeBudget_ThrowsArgumentOutOfRange()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new FileCache(-1, 10));
        Assert.Throws<ArgumentOutOfRangeException>(() => new FileCache(10, -1));
    }

    [Fact]
    public void TryGet_Empty_MissesAndCountsMiss()
    {
        var cache = new FileCache(10_000, 5_000);

        var found = cache.TryGet("/a", out var file);

        Assert.False(found);
        Assert.Null(file);
        Assert.Equal((0L, 1L, 0.0), (cache.GetStatistics().Hits, cache.GetStatistics().Misses, cache.GetStatistics().HitRatio));
    }

    [Fact]
    public async Task TryGet_AfterLoad_ReturnsSameInstanceAndCountsHit()
    {
        var cache = new FileCache(10_000, 5_000);
        var loaded = File("/a");

        var result = await Load(cache, loaded);
        var found = cache.TryGet("/a".AsSpan(), out var file);
        var stats = cache.GetStatistics();

        Assert.Same(loaded, result);
        Assert.True(found);
        Assert.Same(loaded, file);
        Assert.Equal((1, 1000L, 10_000L, 1L, 0L, 1.0, 1L), (stats.Count, stats.Bytes, stats.CapacityBytes, stats.Hits, stats.Misses, stats.HitRatio, stats.Loads));
    }

    [Fact]
    public async Task GetOrLoad_OverBudget_EvictsLeastRecentlyUsed()
    {
        var cache = new FileCache(3_000, 5_000);
        await Load(cache, File("/a"));
        await Load(cache, File("/b"));
        await Load(cache, File("/c"));
        Assert.True(cache.TryGet("/a", out _));

        await Load(cache, File("/d"));

        Assert.Equal(["/d", "/a", "/c"], cache.KeysByRecency());
        Assert.False(cache.TryGet("/b", out _));
        Assert.Equal((3, 3_000L, 1L), (cache.GetStatistics().Count, cache.GetStatistics().Bytes, cache.GetStatistics().Evictions));
        Assert.True(cache.CheckIntegrity(out var problem), problem);
    }

    [Fact]
    public async Task GetOrLoad_LargeEntry_EvictsAsManyBytesAsNeeded()
    {
        var cache = new FileCache(3_000, 5_000);
        await Load(cache, File("/a"));
        await Load(cache, File("/b"));
        await Load(cache, File("/c"));

        await Load(cache, File("/big", 2_500 - CachedFile.OverheadBytes));
        var stats = cache.GetStatistics();

        Assert.Equal(["/big"], cache.KeysByRecency());
        Assert.Equal((1, 2_500L, 3L), (stats.Count, stats.Bytes, stats.Evictions));
        Assert.True(cache.CheckIntegrity(out var problem), problem);
    }

    [Theory]
    [InlineData(1_000, 1_000, true)]
    [InlineData(1_000, 1_001, false)]
    [InlineData(0, 0, true)]
    [InlineData(0, 1, false)]
    public async Task GetOrLoad_ContentVersusMaxEntryBytes_CachesOnlyUpToTheLimit(long maxEntryBytes, int contentLength, bool cached)
    {
        var cache = new FileCache(100_000, maxEntryBytes);
        var file = File("/f", contentLength);

        var result = await Load(cache, file);

        Assert.Same(file, result);
        Assert.Equal(cached, cache.TryGet("/f", out _));
        Assert.Equal(cached ? 0 : 1, cache.GetStatistics().Rejections);
    }

    [Fact]
    public async Task GetOrLoad_EntryLargerThanCapacity_ReturnedButNotCached()
    {
        var cache = new FileCache(1_000, 100_000);
        await Load(cache, File("/small", 100));

        var result = await Load(cache, File("/big", 600));
        var stats = cache.GetStatistics();

        Assert.NotNull(result);
        Assert.Equal(["/small"], cache.KeysByRecency());
        Assert.Equal((1L, 0L, 612L), (stats.Rejections, stats.Evictions, stats.Bytes));
    }

    [Fact]
    public async Task GetOrLoad_ExistingKey_ReplacesEntryAndBytes()
    {
        var cache = new FileCache(10_000, 5_000);
        await Load(cache, File("/a"));
        var newer = File("/a", 2_000);

        await Load(cache, newer);
        cache.TryGet("/a", out var file);
        var stats = cache.GetStatistics();

        Assert.Same(newer, file);
        Assert.Equal((1, 2_000L + CachedFile.OverheadBytes, 0L), (stats.Count, stats.Bytes, stats.Evictions));
        Assert.True(cache.CheckIntegrity(out var problem), problem);
    }

    [Fact]
    public async Task GetOrLoad_NewVersionTooLarge_DropsTheStaleEntry()
    {
        var cache = new FileCache(10_000, 1_000);
        await Load(cache, File("/a", 500));

        var result = await Load(cache, File("/a", 1_001));

        Assert.Equal(1_001, result!.ContentLength);
        Assert.False(cache.TryGet("/a", out _));
        Assert.Equal((0, 0L, 1L), (cache.GetStatistics().Count, cache.GetStatistics().Bytes, cache.GetStatistics().Rejections));
    }

    [Fact]
    public async Task GetOrLoad_LoaderReturnsNull_CachesNothing()
    {
        var cache = new FileCache(10_000, 5_000);

        var result = await cache.GetOrLoadAsync("/gone", _ => Task.FromResult<CachedFile?>(null));

        Assert.Null(result);
        Assert.Equal((0, 0L, 0L), (cache.GetStatistics().Count, cache.GetStatistics().Rejections, cache.GetStatistics().Bytes));
    }

    [Fact]
    public async Task Invalidate_OlderInstance_LeavesNewerEntry()
    {
        var cache = new FileCache(10_000, 5_000);
        var older = File("/a");
        var newer = File("/a");
        await Load(cache, older);
        await Load(cache, newer);

        var removedOlder = cache.Invalidate("/a", older);
        var stillCached = cache.TryGet("/a", out var file);

        Assert.False(removedOlder);
        Assert.True(stillCached);
        Assert.Same(newer, file);
        Assert.Equal(0, cache.GetStatistics().Invalidations);
    }

    [Fact]
    public async Task Invalidate_CurrentInstance_RemovesAndCounts()
    {
        var cache = new FileCache(10_000, 5_000);
        var current = File("/a");
        await Load(cache, current);

        var removed = cache.Invalidate("/a", current);
        var stats = cache.GetStatistics();

        Assert.True(removed);
        Assert.False(cache.TryGet("/a", out _));
        Assert.Equal((0, 0L, 1L), (stats.Count, stats.Bytes, stats.Invalidations));
        Assert.False(cache.Invalidate("/a", current));
        Assert.True(cache.CheckIntegrity(out var problem), problem);
    }

    [Fact]
    public async Task TryGet_EntryInMostRecentQuarter_IsNotMoved()
    {
        var cache = new FileCache(100_000, 5_000);
        for (var i = 0; i < 8; i++)
        {
            await Load(cache, File($"/{i}"));
        }

        // "/6" is second of eight: within the most recent quarter, so the hit leaves the list alone.
        cache.TryGet("/6", out _);
        var afterHotHit = cache.KeysByRecency();
        cache.TryGet("/0", out _);
        var afterColdHit = cache.KeysByRecency();

        Assert.Equal(["/7", "/6", "/5", "/4", "/3", "/2", "/1", "/0"], afterHotHit);
        Assert.Equal(["/0", "/7", "/6", "/5", "/4", "/3", "/2", "/1"], afterColdHit);
    }

    [Fact]
    public async Task GetOrLoad_FiftyConcurrentCallers_CallLoaderOnce()
    {
        var cache = new FileCache(10_000, 5_000);
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var file = File("/cold");
        var calls = 0;
        async Task<CachedFile?> LoadOnce(string key)
        {
            Interlocked.Increment(ref calls);
            await gate.Task;
            return file;
        }

        using var start = new ManualResetEventSlim();
        var pending = new Task<CachedFile?>[50];
        var callers = Enumerable.Range(0, pending.Length).Select(i => new Thread(() =>
        {
            start.Wait();
            pending[i] = cache.GetOrLoadAsync("/cold", LoadOnce);
        })).ToList();
        callers.ForEach(t => t.Start());
        start.Set();
        callers.ForEach(t => t.Join());
        gate.SetResult();
        var results = await Task.WhenAll(pending);

        Assert.Equal(1, calls);
        Assert.All(results, r => Assert.Same(file, r));
        Assert.Equal((1, 1L), (cache.GetStatistics().Count, cache.GetStatistics().Loads));
    }

    [Fact]
    public async Task GetOrLoad_LoaderThrows_EveryWaiterSeesItAndNextCallLoadsAgain()
    {
        var cache = new FileCache(10_000, 5_000);
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var calls = 0;
        async Task<CachedFile?> Failing(string key)
        {
            Interlocked.Increment(ref calls);
            await gate.Task;
            throw new IOException("disk gone");
        }

        var waiters = Enumerable.Range(0, 10).Select(_ => cache.GetOrLoadAsync("/a", Failing)).ToList();
        gate.SetResult();
        foreach (var waiter in waiters)
        {
            var exception = await Assert.ThrowsAsync<IOException>(() => waiter);
            Assert.Equal("disk gone", exception.Message);
        }

        var retry = await Load(cache, File("/a"));

        Assert.Equal(1, calls);
        Assert.NotNull(retry);
        Assert.True(cache.TryGet("/a", out _));
        Assert.Equal(2, cache.GetStatistics().Loads);
    }

    [Fact]
    public async Task GetOrLoad_LoaderThrowsSynchronously_FaultsTaskAndDoesNotPoison()
    {
        var cache = new FileCache(10_000, 5_000);

        var failed = cache.GetOrLoadAsync("/a", _ => throw new UnauthorizedAccessException());
        await Assert.ThrowsAsync<UnauthorizedAccessException>(() => failed);
        var retry = await Load(cache, File("/a"));

        Assert.NotNull(retry);
        Assert.Equal(1, cache.GetStatistics().Count);
    }

    [Fact]
    public async Task TryGet_WarmHitAndMiss_AllocateNothing()
    {
        var cache = new FileCache(100_000, 5_000);
        for (var i = 0; i < 20; i++)
        {
            await Load(cache, File($"/assets/file{i}.css"));
        }

        var hitKey = "/assets/file0.css".ToCharArray();
        var missKey = "/assets/missing.css".ToCharArray();
        cache.TryGet(hitKey, out _);
        cache.TryGet(missKey, out _);

        var before = GC.GetAllocatedBytesForCurrentThread();
        var hits = 0;
        for (var i = 0; i < 10_000; i++)
        {
            hits += cache.TryGet(hitKey, out _) ? 1 : 0;
            hits += cache.TryGet(missKey, out _) ? 1 : 0;
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
        Assert.Equal(10_000, hits);
    }
}
