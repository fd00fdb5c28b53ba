namespace StaticServe.Buffers;

/// <summary>SHELL - replaced by the Buffers helper.</summary>
internal sealed class BufferPool : IDisposable
{
    public BufferPool(long maxRetainedBytes, TimeProvider? timeProvider = null) => throw new NotImplementedException();

    public PooledBuffer Rent(int minimumSize) => throw new NotImplementedException();

    public void Return(PooledBuffer buffer) => throw new NotImplementedException();

    public BufferPoolStatistics GetStatistics() => throw new NotImplementedException();

    public void Dispose() => throw new NotImplementedException();
}
