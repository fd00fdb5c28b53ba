using BenchmarkDotNet.Attributes;
using StaticServe.Caching;
using StaticServe.Serving;

namespace StaticServe.Benchmarks.Caching;

/// <summary>A cache hit (lookup, counter, recency touch) against a plain dictionary lookup
/// (baseline), over 1000 keys visited round-robin like the 1000-file load test (the worst case
/// for an LRU: every hit is at the tail and moves) and over a hot set of 16 recent keys.</summary>
[MemoryDiagnoser]
public class FileCacheBenchmarks
{
    /// <summary>1000 files: the round-robin corpus of the peer benchmarks (BENCHMARKS.md).</summary>
    private const int Files = 1000;

    /// <summary>16 most recently loaded files: well inside the hot quarter, so hits never move.</summary>
    private const int HotFiles = 16;

    private readonly Dictionary<string, CachedFile> _dictionary = new(StringComparer.Ordinal);
    private readonly FileCache _cache = new(64L * 1024 * 1024, 2 * 1024 * 1024);
    private string[] _keys = [];
    private int _next;
    private int _nextHot;

    [GlobalSetup]
    public void Setup()
    {
        _keys = Enumerable.Range(0, Files).Select(i => $"/srv/www/assets/file{i:D4}.css").ToArray();
        foreach (var key in _keys)
        {
            var file = new CachedFile(key, new byte[4096], default(FileStatus), "text/css", "no-cache", "\"e\"", null, 0);
            _dictionary[key] = file;
            _cache.GetOrLoadAsync(key, _ => Task.FromResult<CachedFile?>(file)).GetAwaiter().GetResult();
        }
    }

    [Benchmark(Baseline = true)]
    public object? DictionaryLookup()
    {
        _dictionary.TryGetValue(NextKey(), out var file);
        return file;
    }

    [Benchmark]
    public object? FileCacheHit()
    {
        _cache.TryGet(NextKey(), out var file);
        return file;
    }

    [Benchmark]
    public object? FileCacheHitHotSet()
    {
        var index = _nextHot;
        _nextHot = index + 1 == HotFiles ? 0 : index + 1;
        _cache.TryGet(_keys[Files - HotFiles + index], out var file);
        return file;
    }

    [Benchmark]
    public bool FileCacheMiss() => _cache.TryGet("/srv/www/assets/missing.css", out _);

    private string NextKey()
    {
        var index = _next;
        _next = index + 1 == Files ? 0 : index + 1;
        return _keys[index];
    }
}
