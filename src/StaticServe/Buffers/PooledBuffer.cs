namespace StaticServe.Buffers;

/// <summary>
/// The lease handed to one request: a byte array plus the state that lets its pool prove the array
/// goes back exactly once. Pooled leases are reused (one per pooled array, so steady-state renting
/// allocates nothing); temporary leases wrap an unpooled array and are dropped on return.
/// </summary>
internal sealed class PooledBuffer
{
    /// <summary>
    /// Even = idle (in the pool or never rented), odd = rented. Each rent and each return adds one,
    /// so the value also counts leases: a stale <see cref="Token"/> from an earlier lease never
    /// equals the current one, which is how <see cref="BufferPool.Return(PooledBuffer, long)"/>
    /// catches a late second return after the array was rented again.
    /// </summary>
    private long _lease;

    internal PooledBuffer(byte[] array, BufferPool owner, int sizeClass)
    {
        Array = array;
        Owner = owner;
        SizeClass = sizeClass;
    }

    /// <summary>The bytes; at least the size asked for, a power of two for pooled leases.</summary>
    public byte[] Array { get; }

    /// <summary>Length of <see cref="Array"/>.</summary>
    public int Length => Array.Length;

    /// <summary>True when the array is outside the pool (too large, or the pool was at its limit).</summary>
    public bool IsTemporary => SizeClass < 0;

    /// <summary>Identifies the current lease; pass it to <see cref="BufferPool.Return(PooledBuffer, long)"/>
    /// to make a stale second return detectable even after the array was rented again.</summary>
    public long Token => Volatile.Read(ref _lease);

    /// <summary>True while rented.</summary>
    public bool IsRented => (Volatile.Read(ref _lease) & 1) == 1;

    /// <summary>The pool that created this lease.</summary>
    internal BufferPool Owner { get; }

    /// <summary>Index of the size class, or -1 for a temporary buffer.</summary>
    internal int SizeClass { get; }

    /// <summary>Marks the lease rented. Called only by the pool while it owns the lease exclusively
    /// (just popped from a free list, or just created): the only concurrent access possible is a
    /// buggy stale return, whose compare-and-swap fails against an even or newer value and writes
    /// nothing, so a plain write (no interlocked operation on the hot path) is enough.</summary>
    internal void MarkRented() => Volatile.Write(ref _lease, _lease + 1);

    /// <summary>Ends the lease identified by <paramref name="token"/>; false when that lease was
    /// already ended (a double or stale return).</summary>
    internal bool TryEndLease(long token) =>
        (token & 1) == 1 && Interlocked.CompareExchange(ref _lease, token + 1, token) == token;
}
