using System.Text.Json;

namespace StaticServe.LoadTests.Server;

/// <summary>Owns one reading of the server's <c>/stats</c> counters the profiles assert on.</summary>
internal sealed record StatsSnapshot(
    long CacheHits,
    long CacheMisses,
    long CacheEvictions,
    long CacheInvalidations,
    long Requests,
    long BytesServed,
    long PoolInUse,
    long PoolRents,
    long PoolTemporaryAllocations,
    long TotalAllocatedBytes,
    long WorkingSetBytes,
    long GcGen0,
    long GcGen2)
{
    /// <summary>Reads the fields by name; a missing field is an error, not a zero.</summary>
    public static StatsSnapshot Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        return new StatsSnapshot(
            Read(root, "cacheHits"),
            Read(root, "cacheMisses"),
            Read(root, "cacheEvictions"),
            Read(root, "cacheInvalidations"),
            Read(root, "requests"),
            Read(root, "bytesServed"),
            Read(root, "poolInUse"),
            Read(root, "poolRents"),
            Read(root, "poolTemporaryAllocations"),
            Read(root, "totalAllocatedBytes"),
            Read(root, "workingSetBytes"),
            Read(root, "gcGen0"),
            Read(root, "gcGen2"));
    }

    private static long Read(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value)
            ? (long)value.GetDouble()
            : throw new FormatException($"/stats has no numeric field '{name}'");
}
