namespace StaticServe.Buffers;

/// <summary>
/// One power-of-two size class of a <see cref="BufferPool"/>: an array-backed stack of idle leases
/// and the per-class counters. Every member is guarded by <see cref="Lock"/>; holding it is short
/// (a push or a pop), and each class has its own so rents of different sizes never contend.
/// </summary>
internal sealed class BufferSizeClass
{
    /// <summary>Initial free-list capacity; the list doubles when full, so only growth of the pool
    /// allocates, never a steady-state rent or return.</summary>
    private const int InitialCapacity = 16;

    private PooledBuffer?[] _stack = new PooledBuffer?[InitialCapacity];

    public BufferSizeClass(int index, int size)
    {
        Index = index;
        Size = size;
    }

    /// <summary>Guards every field below: the free list, its low-water mark and the counters.</summary>
    public Lock Lock { get; } = new();

    /// <summary>Position in the pool's class table.</summary>
    public int Index { get; }

    /// <summary>Bytes of every array in this class.</summary>
    public int Size { get; }

    /// <summary>Idle leases in the free list.</summary>
    public int Count { get; private set; }

    /// <summary>Fewest idle leases seen since the last idle trim: that many sat unused for the whole
    /// period and are surplus.</summary>
    public int LowWater { get; set; }

    /// <summary>Pooled rents of this class (from the free list or newly allocated).</summary>
    public long Rents { get; set; }

    /// <summary>Valid returns of pooled leases of this class.</summary>
    public long Returns { get; set; }

    /// <summary>Pushes an idle lease. Caller holds <see cref="Lock"/>.</summary>
    public void Push(PooledBuffer buffer)
    {
        if (Count == _stack.Length)
        {
            Array.Resize(ref _stack, _stack.Length * 2);
        }

        _stack[Count++] = buffer;
    }

    /// <summary>Pops an idle lease, or null when empty. Caller holds <see cref="Lock"/>.</summary>
    public PooledBuffer? Pop()
    {
        if (Count == 0)
        {
            return null;
        }

        var buffer = _stack[--Count];
        // Drop the reference so a released array can be collected.
        _stack[Count] = null;
        if (Count < LowWater)
        {
            LowWater = Count;
        }

        return buffer;
    }
}
