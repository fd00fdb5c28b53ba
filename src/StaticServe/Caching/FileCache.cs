using System.Collections.Concurrent;
using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace StaticServe.Caching;

/// <summary>
/// The byte-bounded LRU of small files. Layout: a <see cref="ConcurrentDictionary{TKey, TValue}"/>
/// for lock-free lookups (span keys through its alternate lookup, so a hit allocates nothing) plus
/// an intrusive doubly linked recency list under one short lock for insert, touch and eviction
/// (all O(1)). Like BitFaster.Caching's ConcurrentLru, the hit path avoids list work when it can:
/// a node provably in the most recent quarter of the list (fewer moves to the head since its own
/// than a quarter of the count) is not moved, and a contended lock skips the move (TryEnter)
/// rather than queueing readers behind a writer. Eviction is therefore LRU up to that quarter,
/// which never lets a recently used entry reach the tail. Loads are single-flight per key.
/// </summary>
internal sealed class FileCache
{
    /// <summary>A hit moves its node only when it may be outside the most recent 1/4 of the list:
    /// keeps most hits of a hot working set off the lock while eviction stays close to true LRU.</summary>
    private const int HotFraction = 4;

    private readonly ConcurrentDictionary<string, CacheNode> _map = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, CacheNode>.AlternateLookup<ReadOnlySpan<char>> _lookup;
    private readonly ConcurrentDictionary<string, Task<CachedFile?>> _inflight = new(StringComparer.Ordinal);

    /// <summary>Guards the recency list (<see cref="_head"/>, <see cref="_tail"/>, node links and
    /// stamps), <see cref="_bytes"/>, <see cref="_count"/>, <see cref="_moves"/> and every write to
    /// <see cref="_map"/>, so the dictionary and the list always change together.</summary>
    private readonly Lock _listLock = new();

    private CacheNode? _head;
    private CacheNode? _tail;
    private long _bytes;
    private int _count;
    private long _moves;

    private long _hits;
    private long _misses;
    private long _evictions;
    private long _invalidations;
    private long _rejections;
    private long _loads;

    public FileCache(long capacityBytes, long maxEntryBytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(capacityBytes);
        ArgumentOutOfRangeException.ThrowIfNegative(maxEntryBytes);
        CapacityBytes = capacityBytes;
        MaxEntryBytes = maxEntryBytes;
        _lookup = _map.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    /// <summary>Budget for the sum of <see cref="CachedFile.SizeInBytes"/>.</summary>
    public long CapacityBytes { get; }

    /// <summary>Largest content length cached; bigger files are returned by the loader but not kept.</summary>
    public long MaxEntryBytes { get; }

    /// <summary>Hit: returns the entry, marks it recently used, counts a hit. Miss: counts a miss.
    /// Allocation-free either way.</summary>
    public bool TryGet(ReadOnlySpan<char> key, [NotNullWhen(true)] out CachedFile? file)
    {
        if (_lookup.TryGetValue(key, out var node))
        {
            Interlocked.Increment(ref _hits);
            Touch(node);
            file = node.File;
            return true;
        }

        Interlocked.Increment(ref _misses);
        file = null;
        return false;
    }

    /// <summary>
    /// Loads <paramref name="key"/> with <paramref name="load"/> and caches the result, replacing any
    /// older entry. Concurrent callers for the same key share one call of the loader (no stampede
    /// on a cold file). The existing entry is not consulted: callers come here on a miss or to
    /// refresh a stale entry. A loader exception reaches every waiter and the next call loads anew.
    /// </summary>
    public Task<CachedFile?> GetOrLoadAsync(string key, Func<string, Task<CachedFile?>> load)
    {
        ArgumentNullException.ThrowIfNull(key);
        ArgumentNullException.ThrowIfNull(load);
        while (true)
        {
            if (_inflight.TryGetValue(key, out var running))
            {
                return running;
            }

            // Continuations run asynchronously so waiters never run inside the loader's completion.
            var completion = new TaskCompletionSource<CachedFile?>(TaskCreationOptions.RunContinuationsAsynchronously);
            if (_inflight.TryAdd(key, completion.Task))
            {
                _ = RunLoadAsync(key, load, completion);
                return completion.Task;
            }
        }
    }

    /// <summary>Removes <paramref name="key"/> only while it still maps to <paramref name="expected"/>
    /// (a newer entry loaded meanwhile is left alone); counts an invalidation when removed.</summary>
    public bool Invalidate(string key, CachedFile expected)
    {
        ArgumentNullException.ThrowIfNull(key);
        lock (_listLock)
        {
            if (!_map.TryGetValue(key, out var node) || !ReferenceEquals(node.File, expected))
            {
                return false;
            }

            RemoveNode(node);
            _invalidations++;
            return true;
        }
    }

    public CacheStatistics GetStatistics()
    {
        int count;
        long bytes, evictions, invalidations, rejections;
        lock (_listLock)
        {
            count = _count;
            bytes = _bytes;
            evictions = _evictions;
            invalidations = _invalidations;
            rejections = _rejections;
        }

        return new CacheStatistics(count, bytes, CapacityBytes, Interlocked.Read(ref _hits), Interlocked.Read(ref _misses),
            evictions, invalidations, rejections, Interlocked.Read(ref _loads));
    }

    /// <summary>Keys from most to least recently used (tests and diagnostics).</summary>
    internal IReadOnlyList<string> KeysByRecency()
    {
        var keys = new List<string>();
        lock (_listLock)
        {
            for (var node = _head; node is not null; node = node.Next)
            {
                keys.Add(node.Key);
            }
        }

        return keys;
    }

    /// <summary>For tests: the dictionary and the list hold the same nodes, links are symmetric, the
    /// byte count equals the sum of the entries and is within capacity.</summary>
    internal bool CheckIntegrity(out string problem)
    {
        lock (_listLock)
        {
            var errors = new StringBuilder();
            long bytes = 0;
            var listed = 0;
            CacheNode? previous = null;
            for (var node = _head; node is not null; node = node.Next)
            {
                listed++;
                bytes += node.File.SizeInBytes;
                if (!ReferenceEquals(node.Previous, previous))
                {
                    errors.Append("broken back link at ").Append(node.Key).Append("; ");
                }

                if (!node.Linked)
                {
                    errors.Append("listed node not marked linked: ").Append(node.Key).Append("; ");
                }

                if (!_map.TryGetValue(node.Key, out var mapped) || !ReferenceEquals(mapped, node))
                {
                    errors.Append("listed node not in dictionary: ").Append(node.Key).Append("; ");
                }

                if (listed > _map.Count + 1)
                {
                    errors.Append("list longer than dictionary (cycle?); ");
                    break;
                }

                previous = node;
            }

            if (!ReferenceEquals(previous, _tail))
            {
                errors.Append("tail is not the last node; ");
            }

            if (listed != _map.Count || listed != _count)
            {
                errors.Append($"list has {listed} nodes, dictionary {_map.Count}, count {_count}; ");
            }

            if (bytes != _bytes)
            {
                errors.Append($"byte count {_bytes} but entries sum to {bytes}; ");
            }

            if (_bytes > CapacityBytes)
            {
                errors.Append($"bytes {_bytes} over capacity {CapacityBytes}; ");
            }

            problem = errors.ToString();
            return problem.Length == 0;
        }
    }

    private async Task RunLoadAsync(string key, Func<string, Task<CachedFile?>> load, TaskCompletionSource<CachedFile?> completion)
    {
        CachedFile? file;
        try
        {
            Interlocked.Increment(ref _loads);
            file = await load(key).ConfigureAwait(false);
            if (file is not null)
            {
                Insert(key, file);
            }
        }
        catch (Exception exception)
        {
            // Leave the flight before failing the waiters, so any retry they make loads anew.
            _inflight.TryRemove(new KeyValuePair<string, Task<CachedFile?>>(key, completion.Task));
            completion.SetException(exception);
            return;
        }

        // Cached first, then out of flight, then the waiters: whoever comes next finds the entry.
        _inflight.TryRemove(new KeyValuePair<string, Task<CachedFile?>>(key, completion.Task));
        completion.SetResult(file);
    }

    private void Insert(string key, CachedFile file)
    {
        var size = file.SizeInBytes;
        lock (_listLock)
        {
            // Replaced even when the new file is not cached: the old bytes are stale either way.
            if (_map.TryGetValue(key, out var old))
            {
                RemoveNode(old);
            }

            if (size > MaxEntryBytes + CachedFile.OverheadBytes || size > CapacityBytes)
            {
                _rejections++;
                return;
            }

            var node = new CacheNode(key, file);
            _map[key] = node;
            PushFront(node);
            _bytes += size;
            _count++;
            while (_bytes > CapacityBytes && _tail is not null)
            {
                RemoveNode(_tail);
                _evictions++;
            }
        }
    }

    /// <summary>Moves a hit to the head unless it is provably in the hot quarter or the lock is busy.</summary>
    private void Touch(CacheNode node)
    {
        if (ReferenceEquals(node, Volatile.Read(ref _head))
            || Volatile.Read(ref _moves) - node.Stamp < Volatile.Read(ref _count) / HotFraction)
        {
            return;
        }

        if (!_listLock.TryEnter())
        {
            return;
        }

        try
        {
            // The node may have been evicted or replaced between the lookup and the lock.
            if (node.Linked && !ReferenceEquals(node, _head))
            {
                Unlink(node);
                PushFront(node);
            }
        }
        finally
        {
            _listLock.Exit();
        }
    }

    /// <summary>Caller holds <see cref="_listLock"/>.</summary>
    private void RemoveNode(CacheNode node)
    {
        _map.TryRemove(new KeyValuePair<string, CacheNode>(node.Key, node));
        Unlink(node);
        _bytes -= node.File.SizeInBytes;
        _count--;
    }

    /// <summary>Caller holds <see cref="_listLock"/>.</summary>
    private void PushFront(CacheNode node)
    {
        node.Previous = null;
        node.Next = _head;
        if (_head is not null)
        {
            _head.Previous = node;
        }

        _tail ??= node;
        node.Linked = true;
        node.Stamp = ++_moves;
        Volatile.Write(ref _head, node);
    }

    /// <summary>Caller holds <see cref="_listLock"/>.</summary>
    private void Unlink(CacheNode node)
    {
        if (node.Previous is not null)
        {
            node.Previous.Next = node.Next;
        }
        else
        {
            _head = node.Next;
        }

        if (node.Next is not null)
        {
            node.Next.Previous = node.Previous;
        }
        else
        {
            _tail = node.Previous;
        }

        node.Previous = null;
        node.Next = null;
        node.Linked = false;
    }
}
