using System.Diagnostics.CodeAnalysis;

namespace StaticServe.Caching;

/// <summary>SHELL - replaced by the Caching helper.</summary>
internal sealed class FileCache
{
    public FileCache(long capacityBytes, long maxEntryBytes) => throw new NotImplementedException();

    public long MaxEntryBytes => throw new NotImplementedException();

    public bool TryGet(ReadOnlySpan<char> key, [NotNullWhen(true)] out CachedFile? file) => throw new NotImplementedException();

    public Task<CachedFile?> GetOrLoadAsync(string key, Func<string, Task<CachedFile?>> load) => throw new NotImplementedException();

    public bool Invalidate(string key, CachedFile expected) => throw new NotImplementedException();

    public CacheStatistics GetStatistics() => throw new NotImplementedException();
}
