namespace StaticServe.Caching;

/// <summary>
/// A snapshot of a <see cref="FileCache"/>: entries and bytes held against the byte capacity, and
/// the counters since start. <c>Rejections</c> are loaded files too large to cache;
/// <c>Loads</c> are loader calls (a stampede of callers for one key counts one).
/// </summary>
internal readonly record struct CacheStatistics(
    int Count,
    long Bytes,
    long CapacityBytes,
    long Hits,
    long Misses,
    long Evictions,
    long Invalidations,
    long Rejections,
    long Loads = 0)
{
    /// <summary>Hits / (hits + misses); 0 before the first lookup.</summary>
    public double HitRatio => Hits + Misses == 0 ? 0 : (double)Hits / (Hits + Misses);
}
