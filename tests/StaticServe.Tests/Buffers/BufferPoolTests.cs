using StaticServe.Buffers;

namespace StaticServe.Tests.Buffers;

public sealed class BufferPoolTests
{
    private const int KiB = 1024;
    private const int MiB = 1024 * KiB;

    [Theory]
    [InlineData(0, 4 * KiB)]
    [InlineData(1, 4 * KiB)]
    [InlineData(4 * KiB, 4 * KiB)]
    [InlineData(4 * KiB + 1, 8 * KiB)]
    [InlineData(8 * KiB, 8 * KiB)]
    [InlineData(20_000, 32 * KiB)]
    [InlineData(64 * KiB - 1, 64 * KiB)]
    [InlineData(64 * KiB, 64 * KiB)]
    [InlineData(64 * KiB + 1, 128 * KiB)]
    [InlineData(512 * KiB + 1, MiB)]
    [InlineData(MiB, MiB)]
    public void Rent_SizeWithinClasses_ReturnsSmallestClassThatFits(int minimumSize, int expectedLength)
    {
        using var pool = new BufferPool(BufferPool.DefaultMaxRetainedBytes, new ManualTimeProvider());

        var buffer = pool.Rent(minimumSize);

        Assert.Equal(expectedLength, buffer.Array.Length);
        Assert.False(buffer.IsTemporary);
        Assert.True(buffer.IsRented);
        Assert.Equal(1, pool.GetStatistics().Allocations);
    }

    [Theory]
    [InlineData(MiB + 1)]
    [InlineData(10 * MiB)]
    public void Rent_LargerThanLargestClass_ReturnsExactTemporaryBuffer(int minimumSize)
    {
        using var pool = new BufferPool(BufferPool.DefaultMaxRetainedBytes, new ManualTimeProvider());

        var buffer = pool.Rent(minimumSize);
        var rented = pool.GetStatistics();
        pool.Return(buffer);
        var returned = pool.GetStatistics();

        Assert.Equal(minimumSize, buffer.Array.Length);
        Assert.True(buffer.IsTemporary);
        Assert.Equal((1, (long)minimumSize, 1L, 0L, 0L), (rented.InUse, rented.InUseBytes, rented.TemporaryAllocations, rented.Allocations, rented.RetainedBytes));
        Assert.Equal((0, 0L, 0, 0L, 1L, 1L), (returned.InUse, returned.InUseBytes, returned.PooledCount, returned.PooledBytes, returned.Rents, returned.Returns));
    }

    [Fact]
    public void Rent_NegativeSize_ThrowsArgumentOutOfRange()
    {
        using var pool = new BufferPool(MiB, new ManualTimeProvider());

        Assert.Throws<ArgumentOutOfRangeException>(() => pool.Rent(-1));
    }

    [Fact]
    public void Constructor_NegativeLimit_ThrowsArgumentOutOfRange() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new BufferPool(-1, new ManualTimeProvider()));

    [Fact]
    public void Rent_AfterReturn_ReusesTheSameArrayWithoutAllocating()
    {
        using var pool = new BufferPool(MiB, new ManualTimeProvider());
        var first = pool.Rent(10_000);
        pool.Return(first);

        var second = pool.Rent(16 * KiB);
        var stats = pool.GetStatistics();

        Assert.Same(first, second);
        Assert.Same(first.Array, second.Array);
        Assert.Equal((1L, 2L, 1L, 1, 16L * KiB, 0, 16L * KiB), (stats.Allocations, stats.Rents, stats.Returns, stats.InUse, stats.InUseBytes, stats.PooledCount, stats.RetainedBytes));
    }

    [Fact]
    public void Rent_TwoOutstanding_NeverShareAnArray()
    {
        using var pool = new BufferPool(MiB, new ManualTimeProvider());

        var a = pool.Rent(4 * KiB);
        var b = pool.Rent(4 * KiB);

        Assert.NotSame(a.Array, b.Array);
        Assert.Equal(2, pool.GetStatistics().InUse);
    }

    // The bound counts idle + rented pooled bytes; beyond it rents get temporary buffers.
    [Fact]
    public void Rent_BeyondLimitWithNothingIdle_ReturnsTemporaryAndKeepsRetainedWithinLimit()
    {
        using var pool = new BufferPool(256 * KiB, new ManualTimeProvider());

        var buffers = Enumerable.Range(0, 5).Select(_ => pool.Rent(64 * KiB)).ToList();
        var rented = pool.GetStatistics();
        buffers.ForEach(pool.Return);
        var returned = pool.GetStatistics();

        Assert.Equal([false, false, false, false, true], buffers.Select(b => b.IsTemporary));
        Assert.Equal(64 * KiB, buffers[4].Array.Length);
        Assert.Equal((4L, 1L, 256L * KiB, 5, 320L * KiB), (rented.Allocations, rented.TemporaryAllocations, rented.RetainedBytes, rented.InUse, rented.InUseBytes));
        Assert.Equal((4, 256L * KiB, 256L * KiB, 0, 0L), (returned.PooledCount, returned.PooledBytes, returned.RetainedBytes, returned.InUse, returned.InUseBytes));
    }

    [Fact]
    public void Rent_NewClassOverLimit_ReleasesIdleUntilUnderEightyPercent()
    {
        using var pool = new BufferPool(MiB, new ManualTimeProvider());
        var buffers = Enumerable.Range(0, 16).Select(_ => pool.Rent(64 * KiB)).ToList();
        buffers.ForEach(pool.Return);

        var big = pool.Rent(128 * KiB);
        var stats = pool.GetStatistics();

        // 80 % of 1 MiB = 838,860 B; the 128 KiB array needs retained <= 707,788 B before it:
        // ten 64 KiB arrays (655,360 B) fit, eleven (720,896 B) do not, so six are released.
        Assert.False(big.IsTemporary);
        Assert.Equal((6L, 6L * 64 * KiB, 10, 10L * 64 * KiB, 10L * 64 * KiB + 128 * KiB, 17L), (stats.Trims, stats.TrimmedBytes, stats.PooledCount, stats.PooledBytes, stats.RetainedBytes, stats.Allocations));
    }

    [Fact]
    public void Rent_NewClassOverLimit_ReleasesLargestIdleFirst()
    {
        using var pool = new BufferPool(MiB, new ManualTimeProvider());
        var sizes = new[] { 256 * KiB, 256 * KiB }.Concat(Enumerable.Repeat(64 * KiB, 4)).Concat(Enumerable.Repeat(4 * KiB, 16));
        var buffers = sizes.Select(pool.Rent).ToList();
        buffers.ForEach(pool.Return);

        var big = pool.Rent(512 * KiB);
        var stats = pool.GetStatistics();

        // Retained 832 KiB + 512 KiB > 1 MiB; target 838,860 - 524,288 = 314,572 B: both 256 KiB
        // arrays go (to 320 KiB), then one 64 KiB (to 256 KiB); every 4 KiB array stays.
        Assert.False(big.IsTemporary);
        Assert.Equal((3L, 576L * KiB, 3 + 16, 3 * 64L * KiB + 16 * 4L * KiB), (stats.Trims, stats.TrimmedBytes, stats.PooledCount, stats.PooledBytes));
        Assert.Equal(256L * KiB + 512 * KiB, stats.RetainedBytes);
    }

    [Fact]
    public void Rent_ZeroLimit_AlwaysTemporary()
    {
        using var pool = new BufferPool(0, new ManualTimeProvider());

        var buffer = pool.Rent(100);
        pool.Return(buffer);
        var stats = pool.GetStatistics();

        Assert.True(buffer.IsTemporary);
        Assert.Equal(4 * KiB, buffer.Array.Length);
        Assert.Equal((0L, 1L, 0, 0L, 0), (stats.Allocations, stats.TemporaryAllocations, stats.PooledCount, stats.RetainedBytes, stats.InUse));
    }

    [Fact]
    public void Timer_IdleForAWholePeriod_ReleasesOnlyTheUnusedSurplus()
    {
        var time = new ManualTimeProvider();
        using var pool = new BufferPool(MiB, time);
        var buffers = Enumerable.Range(0, 4).Select(_ => pool.Rent(64 * KiB)).ToList();
        buffers.ForEach(pool.Return);

        time.Advance(BufferPool.IdleTrimPeriod);
        var afterFirstTick = pool.GetStatistics();
        time.Advance(TimeSpan.FromSeconds(10));
        pool.Return(pool.Rent(64 * KiB));
        time.Advance(BufferPool.IdleTrimPeriod - TimeSpan.FromSeconds(10));
        var afterSecondTick = pool.GetStatistics();
        time.Advance(BufferPool.IdleTrimPeriod);
        var afterThirdTick = pool.GetStatistics();

        // First tick: the arrays were only just returned (the period's low-water mark was 0).
        // Second: one array was used during the period, the three others were idle throughout.
        // Third: a quiet period, so the last array goes and the idle pool is empty.
        Assert.Equal((4, 0L), (afterFirstTick.PooledCount, afterFirstTick.Trims));
        Assert.Equal((1, 3L, 64L * KiB), (afterSecondTick.PooledCount, afterSecondTick.Trims, afterSecondTick.RetainedBytes));
        Assert.Equal((0, 4L, 0L, 4L * 64 * KiB), (afterThirdTick.PooledCount, afterThirdTick.Trims, afterThirdTick.RetainedBytes, afterThirdTick.TrimmedBytes));
    }

    [Fact]
    public void Timer_RentedBuffers_AreNeverTrimmed()
    {
        var time = new ManualTimeProvider();
        using var pool = new BufferPool(MiB, time);
        var buffer = pool.Rent(8 * KiB);

        time.Advance(BufferPool.IdleTrimPeriod * 3);
        pool.Return(buffer);
        var stats = pool.GetStatistics();

        Assert.Equal((1, 0L, 8L * KiB), (stats.PooledCount, stats.Trims, stats.RetainedBytes));
    }

    [Fact]
    public void Return_Twice_CountsDoubleReturnAndPoolsOnce()
    {
        using var pool = new BufferPool(MiB, new ManualTimeProvider());
        var buffer = pool.Rent(4 * KiB);

        pool.Return(buffer);
        pool.Return(buffer);
        var a = pool.Rent(4 * KiB);
        var b = pool.Rent(4 * KiB);
        var stats = pool.GetStatistics();

        Assert.NotSame(a.Array, b.Array);
        Assert.Equal((1L, 1L, 2, 2L), (stats.DoubleReturns, stats.Returns, stats.InUse, stats.Allocations));
    }

    [Fact]
    public void Return_StaleTokenAfterRentedAgain_CountsDoubleReturnAndKeepsNewLease()
    {
        using var pool = new BufferPool(MiB, new ManualTimeProvider());
        var first = pool.Rent(4 * KiB);
        var firstToken = first.Token;
        pool.Return(first, firstToken);
        var second = pool.Rent(4 * KiB);

        pool.Return(first, firstToken);
        var stats = pool.GetStatistics();

        Assert.Same(first, second);
        Assert.True(second.IsRented);
        Assert.NotEqual(firstToken, second.Token);
        Assert.Equal((1L, 1, 0), (stats.DoubleReturns, stats.InUse, stats.PooledCount));
    }

    [Fact]
    public void Return_TemporaryTwice_CountsDoubleReturn()
    {
        using var pool = new BufferPool(MiB, new ManualTimeProvider());
        var buffer = pool.Rent(2 * MiB);

        pool.Return(buffer);
        pool.Return(buffer);
        var stats = pool.GetStatistics();

        Assert.Equal((1L, 1L, 0, 0L), (stats.DoubleReturns, stats.Returns, stats.InUse, stats.InUseBytes));
    }

    [Fact]
    public void Return_BufferOfAnotherPool_IsCountedAndLeftToItsOwner()
    {
        using var owner = new BufferPool(MiB, new ManualTimeProvider());
        using var other = new BufferPool(MiB, new ManualTimeProvider());
        var buffer = owner.Rent(4 * KiB);

        other.Return(buffer);
        var otherStats = other.GetStatistics();
        var ownerStats = owner.GetStatistics();

        Assert.True(buffer.IsRented);
        Assert.Equal((1L, 0, 0L), (otherStats.ForeignReturns, otherStats.PooledCount, otherStats.Returns));
        Assert.Equal((1, 0L), (ownerStats.InUse, ownerStats.Returns));
    }

    [Fact]
    public void Dispose_DropsIdleBuffersAndLaterReturns()
    {
        var time = new ManualTimeProvider();
        var pool = new BufferPool(MiB, time);
        var idle = pool.Rent(4 * KiB);
        var outstanding = pool.Rent(8 * KiB);
        pool.Return(idle);

        pool.Dispose();
        pool.Return(outstanding);
        var stats = pool.GetStatistics();

        Assert.Equal((0, 0L, 0, 0), (stats.PooledCount, stats.RetainedBytes, stats.InUse, time.ActiveTimers));
        Assert.Throws<ObjectDisposedException>(() => pool.Rent(1));
    }

    [Fact]
    public void RentReturn_Warm_AllocatesNothing()
    {
        using var pool = new BufferPool(MiB, new ManualTimeProvider());
        int[] sizes = [4 * KiB, 64 * KiB, 100_000, MiB / 2];
        foreach (var size in sizes)
        {
            pool.Return(pool.Rent(size));
        }

        _ = pool.GetStatistics();

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 10_000; i++)
        {
            var buffer = pool.Rent(sizes[i & 3]);
            pool.Return(buffer, buffer.Token);
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
    }
}
