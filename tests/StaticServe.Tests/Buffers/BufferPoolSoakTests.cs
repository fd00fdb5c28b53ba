using System.Buffers.Binary;
using StaticServe.Buffers;

namespace StaticServe.Tests.Buffers;

/// <summary>Many threads hammer one pool from a common start; afterwards every lease is back and no
/// array was ever held by two threads at once.</summary>
public sealed class BufferPoolSoakTests
{
    private const int Threads = 4;
    private const int IterationsPerThread = 20_000;

    // 512 KiB: small enough that the mixed sizes below keep hitting the bound, so pressure release,
    // temporaries and the idle trim all run concurrently with ordinary rents and returns.
    private const long TightLimit = 512 * 1024;

    [Theory]
    [InlineData(TightLimit)]
    [InlineData(BufferPool.DefaultMaxRetainedBytes)]
    public void RentReturn_ManyThreads_EveryLeaseReturnedAndNeverShared(long limit)
    {
        var time = new ManualTimeProvider();
        using var pool = new BufferPool(limit, time);
        int[] sizes = [1, 4096, 5000, 16 * 1024, 64 * 1024, 100_000, 256 * 1024];
        var sharedSeen = 0;
        var overLimitSeen = 0;
        using var gate = new ManualResetEventSlim();
        var workers = Enumerable.Range(0, Threads).Select(id => new Thread(() =>
        {
            var random = new Random(id);
            gate.Wait();
            for (var i = 0; i < IterationsPerThread; i++)
            {
                var buffer = pool.Rent(sizes[random.Next(sizes.Length)]);
                var token = buffer.Token;
                var span = buffer.Array.AsSpan();
                BinaryPrimitives.WriteInt32LittleEndian(span, id);
                BinaryPrimitives.WriteInt32LittleEndian(span[4..], i);
                Thread.SpinWait(random.Next(50));
                if (BinaryPrimitives.ReadInt32LittleEndian(span) != id || BinaryPrimitives.ReadInt32LittleEndian(span[4..]) != i)
                {
                    Interlocked.Increment(ref sharedSeen);
                }

                pool.Return(buffer, token);
                if (i % 1000 == 0)
                {
                    if (pool.GetStatistics().RetainedBytes > limit)
                    {
                        Interlocked.Increment(ref overLimitSeen);
                    }

                    // Only thread 0 drives the clock (ManualTimeProvider is not thread-safe).
                    if (id == 0)
                    {
                        time.Advance(BufferPool.IdleTrimPeriod);
                    }
                }
            }
        })).ToList();

        workers.ForEach(t => t.Start());
        gate.Set();
        workers.ForEach(t => t.Join());
        var stats = pool.GetStatistics();

        Assert.Equal(0, sharedSeen);
        Assert.Equal(0, overLimitSeen);
        Assert.Equal((long)Threads * IterationsPerThread, stats.Rents);
        Assert.Equal(stats.Rents, stats.Returns);
        Assert.Equal((0, 0L, 0L, 0L), (stats.InUse, stats.InUseBytes, stats.DoubleReturns, stats.ForeignReturns));
        Assert.Equal(stats.PooledBytes, stats.RetainedBytes);
        Assert.InRange(stats.RetainedBytes, 0, limit);
        if (limit == TightLimit)
        {
            // The tight limit exists to exercise the bound: it must have been hit.
            Assert.True(stats.TemporaryAllocations > 0 && stats.Trims > 0, stats.ToString());
        }
    }
}
