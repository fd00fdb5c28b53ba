using System.Buffers;
using BenchmarkDotNet.Attributes;
using StaticServe.Buffers;

namespace StaticServe.Benchmarks.Buffers;

/// <summary>One thread renting and returning a streaming-sized buffer: the pool against the BCL pool
/// (baseline) and a fresh array.</summary>
[MemoryDiagnoser]
public class BufferPoolBenchmarks
{
    private BufferPool _pool = null!;

    /// <summary>4 KiB: the smallest class; 64 KiB: the default streaming buffer (ServerOptions.DefaultBufferKb).</summary>
    [Params(4 * 1024, 64 * 1024)]
    public int Size { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _pool = new BufferPool(BufferPool.DefaultMaxRetainedBytes);
        _pool.Return(_pool.Rent(Size));
    }

    [GlobalCleanup]
    public void Cleanup() => _pool.Dispose();

    [Benchmark(Baseline = true)]
    public int ArrayPoolShared()
    {
        var array = ArrayPool<byte>.Shared.Rent(Size);
        var length = array.Length;
        ArrayPool<byte>.Shared.Return(array);
        return length;
    }

    [Benchmark]
    public int NewArray() => new byte[Size].Length;

    [Benchmark]
    public int StaticServePool()
    {
        var buffer = _pool.Rent(Size);
        var length = buffer.Array.Length;
        _pool.Return(buffer);
        return length;
    }
}
