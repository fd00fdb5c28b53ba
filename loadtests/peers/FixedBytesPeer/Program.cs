using System.Collections.Frozen;
using System.Globalization;
using Microsoft.AspNetCore.StaticFiles;
using Microsoft.Extensions.Primitives;

namespace StaticServe.Peers.FixedBytesPeer;

/// <summary>
/// Entry point of the ceiling server: every file is read into memory at start-up with precomputed
/// headers (those of a staticserve cache hit); a request is one dictionary lookup and one write.
/// No range, no revalidation, no disk: what Kestrel itself costs per request.
/// </summary>
internal static class Program
{
    /// <summary>16 MiB: covers every workload file of run.sh except the 100 MiB one (not benchmarked).</summary>
    private const long MaxFileBytes = 16L * 1024 * 1024;

    private const string AssetCacheControl = "public, max-age=86400";
    private const string HtmlCacheControl = "no-cache";

    private static readonly StringValues Hit = "HIT";
    private static readonly StringValues AcceptRanges = "bytes";

    public static void Main(string[] args)
    {
        var options = PeerArguments.Parse(args);
        var entries = Load(options.Root);

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.WebHost.UseUrls($"http://{options.Host}:{options.Port.ToString(CultureInfo.InvariantCulture)}");

        // As staticserve: no Server header, so both write the same bytes per response.
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.AddServerHeader = false);
        var app = builder.Build();
        app.Run(context =>
        {
            var path = context.Request.Path.Value;
            if (path == "/__alloc")
            {
                return context.Response.WriteAsync(GC.GetTotalAllocatedBytes(true).ToString(CultureInfo.InvariantCulture));
            }

            var response = context.Response;
            if (path is null || !entries.TryGetValue(path, out var entry))
            {
                response.StatusCode = StatusCodes.Status404NotFound;
                return Task.CompletedTask;
            }

            // The header set of a staticserve cache hit (see its StaticFileHandler): X-Cache, then on a
            // 304 Cache-Control and ETag only (RFC 9110 §15.4.5), on a 200 the full representation set.
            var headers = response.Headers;
            headers["X-Cache"] = Hit;
            headers.CacheControl = entry.CacheControl;
            headers.ETag = entry.ETag;

            // Exact match only: the ceiling measures the 304 path's cost, not tag parsing.
            if (context.Request.Headers.IfNoneMatch == entry.ETag)
            {
                response.StatusCode = StatusCodes.Status304NotModified;
                return Task.CompletedTask;
            }

            headers.ContentType = entry.ContentType;
            headers.LastModified = entry.LastModified;
            headers.AcceptRanges = AcceptRanges;
            response.ContentLength = entry.Body.Length;
            var write = response.BodyWriter.WriteAsync(entry.Body);
            return write.IsCompletedSuccessfully ? Task.CompletedTask : write.AsTask();
        });

        app.Start();
        Console.WriteLine($"FixedBytesPeer serving {entries.Count} files from {options.Root} on http://{options.Host}:{options.Port}");
        app.WaitForShutdown();
    }

    private static FrozenDictionary<string, FixedEntry> Load(string root)
    {
        var types = new FileExtensionContentTypeProvider();
        var entries = new Dictionary<string, FixedEntry>(StringComparer.Ordinal);
        foreach (var path in Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories))
        {
            var info = new FileInfo(path);
            if (info.Length > MaxFileBytes || info.Name.StartsWith('.'))
            {
                continue;
            }

            var url = "/" + Path.GetRelativePath(root, path).Replace(Path.DirectorySeparatorChar, '/');
            var contentType = types.TryGetContentType(path, out var type) ? type : "application/octet-stream";
            var modified = info.LastWriteTimeUtc;
            var etag = string.Create(CultureInfo.InvariantCulture, $"\"{info.Length:x}-{modified.Ticks:x}\"");
            entries[url] = new FixedEntry(
                File.ReadAllBytes(path),
                contentType,
                etag,
                modified.ToString("R", CultureInfo.InvariantCulture),
                info.Extension == ".html" ? HtmlCacheControl : AssetCacheControl);
        }

        return entries.ToFrozenDictionary(StringComparer.Ordinal);
    }
}
