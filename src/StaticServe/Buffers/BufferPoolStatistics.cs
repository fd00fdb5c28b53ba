namespace StaticServe.Buffers;

/// <summary>
/// A snapshot of a <see cref="BufferPool"/>. <c>PooledCount</c>/<c>PooledBytes</c> are the idle buffers
/// waiting in the free lists (<c>bufferPoolCount</c>/<c>bufferPoolSize</c>); <c>InUse</c>/<c>InUseBytes</c>
/// are leases not yet returned, temporary ones included (0 when nothing leaked);
/// <c>RetainedBytes</c> = idle + rented pooled bytes, the figure bounded by <c>MaxRetainedBytes</c>.
/// <c>Trims</c>/<c>TrimmedBytes</c> count idle buffers released, by pressure or by the idle timer.
/// </summary>
internal readonly record struct BufferPoolStatistics(
    int PooledCount,
    long PooledBytes,
    int InUse,
    long InUseBytes,
    long Rents,
    long Returns,
    long Allocations,
    long TemporaryAllocations,
    long Trims,
    long DoubleReturns,
    long MaxRetainedBytes,
    long RetainedBytes,
    long TrimmedBytes,
    long ForeignReturns);
