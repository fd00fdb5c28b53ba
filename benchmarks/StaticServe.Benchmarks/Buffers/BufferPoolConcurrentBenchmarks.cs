using System.Buffers;
using BenchmarkDotNet.Attributes;
using StaticServe.Buffers;

namespace StaticServe.Benchmarks.Buffers;

/// <summary>Two threads renting and returning 64 KiB buffers at once (the 2-core target box):
/// contention on the per-class lock against the BCL pool's per-core stacks.</summary>
[MemoryDiagnoser]
public class BufferPoolConcurrentBenchmarks
{
    private const int Threads = 2;

    /// <summary>Operations per thread per invocation: large enough that starting the two workers
    /// is noise next to the loop.</summary>
    private const int OperationsPerThread = 20_000;

    private const int Size = 64 * 1024;

    private BufferPool _pool = null!;

    [GlobalSetup]
    public void Setup()
    {
        _pool = new BufferPool(BufferPool.DefaultMaxRetainedBytes);
        var warm = new[] { _pool.Rent(Size), _pool.Rent(Size) };
        Array.ForEach(warm, _pool.Return);
    }

    [GlobalCleanup]
    public void Cleanup() => _pool.Dispose();

    [Benchmark(Baseline = true, OperationsPerInvoke = Threads * OperationsPerThread)]
    public void ArrayPoolShared() => Parallel.For(0, Threads, static _ =>
    {
        for (var i = 0; i < OperationsPerThread; i++)
        {
            ArrayPool<byte>.Shared.Return(ArrayPool<byte>.Shared.Rent(Size));
        }
    });

    [Benchmark(OperationsPerInvoke = Threads * OperationsPerThread)]
    public void StaticServePool() => Parallel.For(0, Threads, _ =>
    {
        for (var i = 0; i < OperationsPerThread; i++)
        {
            _pool.Return(_pool.Rent(Size));
        }
    });
}
