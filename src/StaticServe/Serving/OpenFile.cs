using Microsoft.Win32.SafeHandles;
using StaticServe.Http;

namespace StaticServe.Serving;

/// <summary>
/// A large (streamed) file kept open with its response metadata, shared by concurrent requests:
/// reads are positional (pread), so requests never disturb each other's offsets. The handle closes
/// when the last reference goes: the creating request holds one, the <see cref="OpenFileCache"/>
/// another while the entry is cached, and every request served from the cache one more, so an
/// entry evicted mid-download keeps its descriptor until that download ends.
/// </summary>
internal sealed class OpenFile : IDiskValidated
{
    private int _references = 1;
    private long _validatedAtMs;
    private long _lastUsedMs;

    public OpenFile(string physicalPath, SafeFileHandle handle, FileStatus status, Representation representation, long nowMs)
    {
        PhysicalPath = physicalPath;
        Handle = handle;
        Status = status;
        Representation = representation;
        _validatedAtMs = nowMs;
        _lastUsedMs = nowMs;
    }

    /// <summary>The path the handle was opened from (inside the served root when opened).</summary>
    public string PhysicalPath { get; }

    /// <summary>The open file; valid while the caller holds a reference.</summary>
    public SafeFileHandle Handle { get; }

    /// <summary>fstat of the handle at open: the entry is current while a stat of the path equals it.</summary>
    public FileStatus Status { get; }

    /// <summary>The precomputed response metadata for <see cref="Status"/>.</summary>
    public Representation Representation { get; }

    /// <summary>Environment.TickCount64 of the last successful check of the path against <see cref="Status"/>.</summary>
    public long ValidatedAtMs
    {
        get => Volatile.Read(ref _validatedAtMs);
        set => Volatile.Write(ref _validatedAtMs, value);
    }

    /// <summary>Environment.TickCount64 of the last request served from the cache: idle entries are closed.</summary>
    public long LastUsedMs
    {
        get => Volatile.Read(ref _lastUsedMs);
        set => Volatile.Write(ref _lastUsedMs, value);
    }

    /// <summary>Current reference count (tests and diagnostics).</summary>
    public int References => Volatile.Read(ref _references);

    /// <summary>Takes a reference unless the handle is already closed (the count reached zero).</summary>
    public bool TryAcquire()
    {
        var current = Volatile.Read(ref _references);
        while (current > 0)
        {
            var seen = Interlocked.CompareExchange(ref _references, current + 1, current);
            if (seen == current)
            {
                return true;
            }

            current = seen;
        }

        return false;
    }

    /// <summary>Gives a reference back; the last one closes the handle.</summary>
    public void Release()
    {
        var left = Interlocked.Decrement(ref _references);
        if (left == 0)
        {
            Handle.Dispose();
        }
        else if (left < 0)
        {
            throw new InvalidOperationException($"OpenFile {PhysicalPath} released more often than acquired.");
        }
    }
}
