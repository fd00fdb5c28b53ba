using System.Buffers;
using System.Diagnostics;
using System.Text.Json;
using StaticServe.Buffers;
using StaticServe.Caching;
using StaticServe.Http;
using StaticServe.Serving;

namespace StaticServe.Diagnostics;

/// <summary>
/// The /stats document: cache, pool, request and runtime figures in one flat JSON object, written
/// with Utf8JsonWriter (no reflection, so it survives trimming and Native AOT).
/// </summary>
internal sealed class StatsEndpoint(FileCache cache, OpenFileCache openFiles, SendWatchdog watchdog, BufferPool pool, ServerCounters counters)
{
    private readonly long _startedAt = Stopwatch.GetTimestamp();

    /// <summary>Writes the current figures; never cached by clients.</summary>
    public Task WriteAsync(HttpResponse response, bool isHead)
    {
        var body = Render();
        response.StatusCode = StatusCodes.Status200OK;
        response.Headers.ContentType = "application/json; charset=utf-8";
        response.Headers.CacheControl = CacheControlPolicy.NoStore;
        response.ContentLength = body.Length;
        return isHead ? Task.CompletedTask : BodyWrites.WriteAsync(response, body);
    }

    /// <summary>The JSON document as UTF-8 bytes.</summary>
    public byte[] Render()
    {
        var c = cache.GetStatistics();
        var p = pool.GetStatistics();
        var buffer = new ArrayBufferWriter<byte>(1024);
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteNumber("fileCount", c.Count);
            json.WriteNumber("totalSize", c.Bytes);
            json.WriteNumber("cacheCapacity", c.CapacityBytes);
            json.WriteNumber("cacheHits", c.Hits);
            json.WriteNumber("cacheMisses", c.Misses);
            json.WriteNumber("cacheHitRatio", Math.Round(c.HitRatio, 4));
            json.WriteNumber("cacheEvictions", c.Evictions);
            json.WriteNumber("cacheInvalidations", c.Invalidations);
            json.WriteNumber("cacheRejections", c.Rejections);
            json.WriteNumber("openFiles", openFiles.Count);
            json.WriteNumber("openFileHits", openFiles.Hits);
            json.WriteNumber("sendTimeouts", watchdog.Dropped);
            json.WriteNumber("sendfileBytes", counters.SendfileBytes);
            json.WriteNumber("sendfileCopiedBytes", counters.SendfileCopiedBytes);
            json.WriteNumber("bufferPoolCount", p.PooledCount);
            json.WriteNumber("bufferPoolSize", p.PooledBytes);
            json.WriteNumber("poolLimit", p.MaxRetainedBytes);
            json.WriteNumber("poolInUse", p.InUse);
            json.WriteNumber("poolInUseBytes", p.InUseBytes);
            json.WriteNumber("poolRents", p.Rents);
            json.WriteNumber("poolReturns", p.Returns);
            json.WriteNumber("poolAllocations", p.Allocations);
            json.WriteNumber("poolTemporaryAllocations", p.TemporaryAllocations);
            json.WriteNumber("poolTrims", p.Trims);
            json.WriteNumber("poolDoubleReturns", p.DoubleReturns);
            json.WriteNumber("requests", counters.Requests);
            json.WriteNumber("bytesServed", counters.BytesServed);
            json.WriteNumber("clientAborts", counters.ClientAborts);
            json.WriteNumber("gcGen0", GC.CollectionCount(0));
            json.WriteNumber("gcGen1", GC.CollectionCount(1));
            json.WriteNumber("gcGen2", GC.CollectionCount(2));
            json.WriteNumber("totalAllocatedBytes", GC.GetTotalAllocatedBytes(precise: false));
            // GCMemoryInfo describes the last collection and reads 0 before the first one; the
            // allocator's own figure stands in until then.
            var heap = GC.GetGCMemoryInfo().HeapSizeBytes;
            json.WriteNumber("heapSizeBytes", heap > 0 ? heap : GC.GetTotalMemory(forceFullCollection: false));
            json.WriteNumber("workingSetBytes", Environment.WorkingSet);
            json.WriteNumber("uptimeSeconds", Math.Round(Stopwatch.GetElapsedTime(_startedAt).TotalSeconds, 3));
            json.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }
}
