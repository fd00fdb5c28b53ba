using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;

namespace StaticServe.Serving;

/// <summary>
/// Open handles and precomputed headers of recently streamed (large) files, like nginx's
/// open_file_cache. A streamed request that misses costs eleven file-system calls (stat, realpath's
/// readlinks, open, fstat, flock, statx, pread, close); a hit costs the pread alone, which is what
/// makes a 1 KB range of a 10 MiB file (video seeking) cheap. Entries are validated like the small-file
/// cache (trusted for --revalidate-ms, then one stat of the path must equal the handle's fstat), and
/// closed after <see cref="IdleMilliseconds"/> without a request so a deleted file's space is given
/// back to the disk. Bounded by count, not bytes (a handle holds no file data): when full, new files
/// are streamed as before, opened and closed per request, until an idle sweep makes room.
/// </summary>
internal sealed class OpenFileCache : IDisposable
{
    /// <summary>Open descriptors kept at most. Far below the process limit .NET raises at start-up
    /// (the hard RLIMIT_NOFILE, 20000 on this machine; a container default is 1048576) and above the
    /// number of distinct large files a site streams at once (videos, downloads).</summary>
    public const int DefaultCapacity = 256;

    /// <summary>An entry with no request for this long is closed; nginx's open_file_cache uses
    /// inactive=20s in its documentation's example, and a deleted file's space is back within it.</summary>
    public const long IdleMilliseconds = 20_000;

    private readonly ConcurrentDictionary<string, OpenFile> _map = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, OpenFile>.AlternateLookup<ReadOnlySpan<char>> _lookup;
    private readonly Timer? _sweeper;
    private int _count;
    private long _hits;
    private long _opens;
    private long _closes;

    public OpenFileCache(int capacity, bool sweepPeriodically = true)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(capacity);
        Capacity = capacity;
        _lookup = _map.GetAlternateLookup<ReadOnlySpan<char>>();
        if (sweepPeriodically && capacity > 0)
        {
            // Half the idle limit: an idle entry is closed between 20 and 30 s after its last use.
            _sweeper = new Timer(_ => Sweep(Environment.TickCount64), null, IdleMilliseconds / 2, IdleMilliseconds / 2);
        }
    }

    /// <summary>Most entries held.</summary>
    public int Capacity { get; }

    /// <summary>Entries held now.</summary>
    public int Count => Volatile.Read(ref _count);

    /// <summary>Requests served from a cached handle.</summary>
    public long Hits => Interlocked.Read(ref _hits);

    /// <summary>Handles adopted by the cache.</summary>
    public long Opens => Interlocked.Read(ref _opens);

    /// <summary>Entries removed (idle, stale, or at shutdown).</summary>
    public long Closes => Interlocked.Read(ref _closes);

    /// <summary>The entry for <paramref name="key"/> with a reference taken for the caller, who must
    /// <see cref="OpenFile.Release"/> it. Allocation-free.</summary>
    public bool TryAcquire(ReadOnlySpan<char> key, long nowMs, [NotNullWhen(true)] out OpenFile? file)
    {
        if (_lookup.TryGetValue(key, out file) && file.TryAcquire())
        {
            file.LastUsedMs = nowMs;
            Interlocked.Increment(ref _hits);
            return true;
        }

        file = null;
        return false;
    }

    /// <summary>Keeps <paramref name="file"/> (taking the cache's own reference) unless the cache is
    /// full or another request cached the same key first. The caller's reference is untouched.</summary>
    public bool TryAdd(string key, OpenFile file)
    {
        if (Capacity == 0 || Volatile.Read(ref _count) >= Capacity || !file.TryAcquire())
        {
            return false;
        }

        if (Interlocked.Increment(ref _count) > Capacity || !_map.TryAdd(key, file))
        {
            Interlocked.Decrement(ref _count);
            file.Release();
            return false;
        }

        Interlocked.Increment(ref _opens);
        return true;
    }

    /// <summary>Drops the entry if it is still <paramref name="expected"/>; its handle closes when
    /// the last request using it ends.</summary>
    public bool Remove(string key, OpenFile expected)
    {
        if (!_map.TryRemove(new KeyValuePair<string, OpenFile>(key, expected)))
        {
            return false;
        }

        Interlocked.Decrement(ref _count);
        Interlocked.Increment(ref _closes);
        expected.Release();
        return true;
    }

    /// <summary>Closes every entry unused since <see cref="IdleMilliseconds"/> before <paramref name="nowMs"/>.</summary>
    public int Sweep(long nowMs)
    {
        var removed = 0;
        foreach (var (key, file) in _map)
        {
            if (nowMs - file.LastUsedMs >= IdleMilliseconds && Remove(key, file))
            {
                removed++;
            }
        }

        return removed;
    }

    /// <summary>Stops the sweeper and gives back the cache's reference on every entry.</summary>
    public void Dispose()
    {
        _sweeper?.Dispose();
        foreach (var (key, file) in _map)
        {
            Remove(key, file);
        }
    }
}
