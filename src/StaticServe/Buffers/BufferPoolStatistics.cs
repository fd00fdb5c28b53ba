namespace StaticServe.Buffers;

/// <summary>SHELL - replaced by the Buffers helper.</summary>
internal readonly record struct BufferPoolStatistics(int PooledCount, long PooledBytes, int InUse, long InUseBytes, long Rents, long Returns, long Allocations, long TemporaryAllocations, long Trims, long DoubleReturns, long MaxRetainedBytes);
