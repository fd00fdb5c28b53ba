namespace StaticServe.Caching;

/// <summary>
/// One entry of the <see cref="FileCache"/>: its key and file, and its links in the recency list.
/// The links and <see cref="Stamp"/> change only under the cache's list lock; the hit path reads
/// <see cref="Stamp"/> without it (a stale value only makes the touch decision slightly off).
/// </summary>
internal sealed class CacheNode(string key, CachedFile file)
{
    public string Key { get; } = key;

    public CachedFile File { get; } = file;

    /// <summary>Towards the most recently used end.</summary>
    public CacheNode? Previous { get; set; }

    /// <summary>Towards the least recently used end.</summary>
    public CacheNode? Next { get; set; }

    /// <summary>True while the node is in the list (and the dictionary).</summary>
    public bool Linked { get; set; }

    /// <summary>The cache's move counter when this node last went to the head.</summary>
    public long Stamp { get; set; }
}
