using System.Numerics;

namespace StaticServe.Buffers;

/// <summary>
/// Owns the byte arrays that streamed responses borrow: power-of-two size classes from 4 KiB to
/// 1 MiB, each an array-backed stack under its own lock (O(1), allocation-free in steady state), a
/// hard byte bound, pressure and idle-timer release, and leak/double-return accounting.
/// <para>
/// The bound: <em>retained bytes</em> = idle pooled arrays + rented pooled arrays, i.e. every
/// array the pool will take back. Invariant: retained &lt;= <c>maxRetainedBytes</c> at every
/// instant (a compare-and-swap reservation before each new array). A return never grows the
/// retained bytes, so the release is triggered where the bound would otherwise be crossed: when a
/// rent needs a new array that does not fit, idle arrays are released largest first until
/// retained + the new array &lt;= 80 % of the limit; if it still does not fit (everything is
/// rented), the rent gets a temporary array, counted and dropped on return.
/// </para>
/// <para>
/// Rent(0) returns the smallest class; a negative size is a caller bug (ArgumentOutOfRangeException).
/// Returned arrays are not cleared: they only ever hold bytes of files being served publicly.
/// </para>
/// </summary>
internal sealed class BufferPool : IDisposable
{
    /// <summary>100 MiB: the seed's pool budget (see ServerOptions.DefaultPoolMb).</summary>
    public const long DefaultMaxRetainedBytes = 100L * 1024 * 1024;

    /// <summary>4 KiB: one page, the smallest read worth pooling.</summary>
    public const int MinClassSize = 1 << MinClassShift;

    /// <summary>1 MiB: the largest pooled class; bigger asks are temporary.</summary>
    public const int MaxClassSize = 1 << MaxClassShift;

    /// <summary>Number of size classes: 4, 8, 16, 32, 64, 128, 256, 512 KiB and 1 MiB.</summary>
    public const int ClassCount = MaxClassShift - MinClassShift + 1;

    /// <summary>Pressure release stops at 80 % of the limit (the figure): the hysteresis
    /// keeps a mixed workload from releasing one array per rent at the boundary.</summary>
    public const int ReleaseTargetPercent = 80;

    /// <summary>
    /// 30 s: arrays that stay idle for one whole period are released at its end, so an idle server
    /// returns its pool within 30-60 s. Long enough that pauses between bursts (keep-alive gaps,
    /// load-test phases) keep the working set; short enough that a spike's arrays do not linger.
    /// </summary>
    public static readonly TimeSpan IdleTrimPeriod = TimeSpan.FromSeconds(30);

    private const int MinClassShift = 12;
    private const int MaxClassShift = 20;

    private readonly BufferSizeClass[] _classes = new BufferSizeClass[ClassCount];
    private readonly long _maxRetainedBytes;
    private readonly long _releaseTargetBytes;
    private readonly ITimer _trimTimer;

    // Global counters, touched only off the hot path (new arrays, temporaries, releases, misuse).
    private long _retainedBytes;
    private long _allocations;
    private long _temporaryRents;
    private long _temporaryReturns;
    private long _temporaryInUseBytes;
    private long _trims;
    private long _trimmedBytes;
    private long _doubleReturns;
    private long _foreignReturns;
    private volatile bool _disposed;

    public BufferPool(long maxRetainedBytes, TimeProvider? timeProvider = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(maxRetainedBytes);
        _maxRetainedBytes = maxRetainedBytes;
        _releaseTargetBytes = maxRetainedBytes / 100 * ReleaseTargetPercent + maxRetainedBytes % 100 * ReleaseTargetPercent / 100;
        for (var i = 0; i < ClassCount; i++)
        {
            _classes[i] = new BufferSizeClass(i, MinClassSize << i);
        }

        _trimTimer = (timeProvider ?? TimeProvider.System).CreateTimer(
            static state => ((BufferPool)state!).TrimIdle(), this, IdleTrimPeriod, IdleTrimPeriod);
    }

    /// <summary>The bound on idle + rented pooled bytes.</summary>
    public long MaxRetainedBytes => _maxRetainedBytes;

    /// <summary>The size class a request of <paramref name="minimumSize"/> bytes uses; sizes above
    /// <see cref="MaxClassSize"/> have no class (-1).</summary>
    public static int ClassIndexFor(int minimumSize)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(minimumSize);
        if (minimumSize > MaxClassSize)
        {
            return -1;
        }

        return minimumSize <= MinClassSize ? 0 : BitOperations.Log2((uint)(minimumSize - 1)) + 1 - MinClassShift;
    }

    /// <summary>Rents an array of at least <paramref name="minimumSize"/> bytes; never shared with
    /// another lease until returned. Thread-safe, O(1).</summary>
    public PooledBuffer Rent(int minimumSize)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var index = ClassIndexFor(minimumSize);
        if (index < 0)
        {
            return RentTemporary(minimumSize);
        }

        var sizeClass = _classes[index];
        PooledBuffer? buffer;
        lock (sizeClass.Lock)
        {
            buffer = sizeClass.Pop();
            if (buffer is not null)
            {
                sizeClass.Rents++;
            }
        }

        if (buffer is null)
        {
            return RentNew(sizeClass);
        }

        buffer.MarkRented();
        return buffer;
    }

    /// <summary>Ends the current lease of <paramref name="buffer"/>. A second return of the same
    /// lease is counted in DoubleReturns and otherwise ignored (never pooled twice, never thrown:
    /// this runs in finally blocks on the request path); a lease of another pool is counted in
    /// ForeignReturns and left untouched, so its own pool still reports it as in use.</summary>
    public void Return(PooledBuffer buffer) => Return(buffer, buffer.Token);

    /// <summary>Like <see cref="Return(PooledBuffer)"/>, but for the lease identified by
    /// <paramref name="token"/> (<see cref="PooledBuffer.Token"/> read right after renting): also
    /// catches a late second return after the array was rented again by someone else.</summary>
    public void Return(PooledBuffer buffer, long token)
    {
        ArgumentNullException.ThrowIfNull(buffer);
        if (!ReferenceEquals(buffer.Owner, this))
        {
            Interlocked.Increment(ref _foreignReturns);
            return;
        }

        if (!buffer.TryEndLease(token))
        {
            Interlocked.Increment(ref _doubleReturns);
            return;
        }

        if (buffer.IsTemporary)
        {
            Interlocked.Increment(ref _temporaryReturns);
            Interlocked.Add(ref _temporaryInUseBytes, -buffer.Length);
            return;
        }

        var sizeClass = _classes[buffer.SizeClass];
        lock (sizeClass.Lock)
        {
            sizeClass.Returns++;
            if (!_disposed)
            {
                sizeClass.Push(buffer);
                return;
            }
        }

        // Disposed: the pool keeps nothing any more.
        Interlocked.Add(ref _retainedBytes, -sizeClass.Size);
    }

    /// <summary>Releases the idle arrays that sat unused for a whole trim period (the low-water
    /// mark of each free list since the previous trim). Called by the timer; public for tests.</summary>
    public void TrimIdle()
    {
        for (var i = ClassCount - 1; i >= 0; i--)
        {
            var sizeClass = _classes[i];
            lock (sizeClass.Lock)
            {
                var surplus = Math.Min(sizeClass.LowWater, sizeClass.Count);
                for (var n = 0; n < surplus; n++)
                {
                    sizeClass.Pop();
                    CountRelease(sizeClass.Size);
                }

                sizeClass.LowWater = sizeClass.Count;
            }
        }
    }

    public BufferPoolStatistics GetStatistics()
    {
        long pooledCount = 0, pooledBytes = 0, rents = 0, returns = 0, inUse = 0, inUseBytes = 0;
        foreach (var sizeClass in _classes)
        {
            lock (sizeClass.Lock)
            {
                pooledCount += sizeClass.Count;
                pooledBytes += (long)sizeClass.Count * sizeClass.Size;
                rents += sizeClass.Rents;
                returns += sizeClass.Returns;
                inUse += sizeClass.Rents - sizeClass.Returns;
                inUseBytes += (sizeClass.Rents - sizeClass.Returns) * sizeClass.Size;
            }
        }

        var temporaryRents = Interlocked.Read(ref _temporaryRents);
        var temporaryReturns = Interlocked.Read(ref _temporaryReturns);
        return new BufferPoolStatistics(
            PooledCount: (int)pooledCount,
            PooledBytes: pooledBytes,
            InUse: (int)(inUse + temporaryRents - temporaryReturns),
            InUseBytes: inUseBytes + Interlocked.Read(ref _temporaryInUseBytes),
            Rents: rents + temporaryRents,
            Returns: returns + temporaryReturns,
            Allocations: Interlocked.Read(ref _allocations),
            TemporaryAllocations: temporaryRents,
            Trims: Interlocked.Read(ref _trims),
            DoubleReturns: Interlocked.Read(ref _doubleReturns),
            MaxRetainedBytes: _maxRetainedBytes,
            RetainedBytes: Interlocked.Read(ref _retainedBytes),
            TrimmedBytes: Interlocked.Read(ref _trimmedBytes),
            ForeignReturns: Interlocked.Read(ref _foreignReturns));
    }

    /// <summary>Stops the idle timer and drops every idle array; leases returned later are dropped
    /// too. Renting afterwards is a bug and throws ObjectDisposedException.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        _trimTimer.Dispose();
        foreach (var sizeClass in _classes)
        {
            lock (sizeClass.Lock)
            {
                while (sizeClass.Pop() is not null)
                {
                    Interlocked.Add(ref _retainedBytes, -sizeClass.Size);
                }
            }
        }
    }

    private PooledBuffer RentNew(BufferSizeClass sizeClass)
    {
        if (!TryReserve(sizeClass.Size))
        {
            ReleaseLargestFirst(_releaseTargetBytes - sizeClass.Size);
            if (!TryReserve(sizeClass.Size))
            {
                return RentTemporary(sizeClass.Size);
            }
        }

        Interlocked.Increment(ref _allocations);
        var buffer = new PooledBuffer(new byte[sizeClass.Size], this, sizeClass.Index);
        lock (sizeClass.Lock)
        {
            sizeClass.Rents++;
        }

        buffer.MarkRented();
        return buffer;
    }

    private PooledBuffer RentTemporary(int size)
    {
        Interlocked.Increment(ref _temporaryRents);
        Interlocked.Add(ref _temporaryInUseBytes, size);
        var buffer = new PooledBuffer(new byte[size], this, sizeClass: -1);
        buffer.MarkRented();
        return buffer;
    }

    /// <summary>Adds <paramref name="size"/> to the retained bytes unless that would cross the limit.</summary>
    private bool TryReserve(long size)
    {
        var current = Volatile.Read(ref _retainedBytes);
        while (true)
        {
            if (current + size > _maxRetainedBytes)
            {
                return false;
            }

            var seen = Interlocked.CompareExchange(ref _retainedBytes, current + size, current);
            if (seen == current)
            {
                return true;
            }

            current = seen;
        }
    }

    /// <summary>Releases idle arrays, largest class first, until retained bytes &lt;= <paramref name="target"/>
    /// or nothing idle is left.</summary>
    private void ReleaseLargestFirst(long target)
    {
        for (var i = ClassCount - 1; i >= 0; i--)
        {
            var sizeClass = _classes[i];
            lock (sizeClass.Lock)
            {
                while (Volatile.Read(ref _retainedBytes) > target && sizeClass.Pop() is not null)
                {
                    CountRelease(sizeClass.Size);
                }
            }

            if (Volatile.Read(ref _retainedBytes) <= target)
            {
                return;
            }
        }
    }

    private void CountRelease(int size)
    {
        Interlocked.Add(ref _retainedBytes, -size);
        Interlocked.Increment(ref _trims);
        Interlocked.Add(ref _trimmedBytes, size);
    }
}
