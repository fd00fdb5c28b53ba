namespace StaticServe.Buffers;

/// <summary>SHELL - replaced by the Buffers helper.</summary>
internal sealed class PooledBuffer
{
    public byte[] Array => throw new NotImplementedException();
}
