namespace StaticServe.Caching;

/// <summary>SHELL - replaced by the Caching helper.</summary>
internal readonly record struct CacheStatistics(int Count, long Bytes, long CapacityBytes, long Hits, long Misses, long Evictions, long Invalidations, long Rejections)
{
    public double HitRatio => Hits + Misses == 0 ? 0 : (double)Hits / (Hits + Misses);
}
