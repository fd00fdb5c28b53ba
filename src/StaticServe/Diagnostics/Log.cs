namespace StaticServe.Diagnostics;

/// <summary>Every log message of the server, source-generated, with stable event ids.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = 1, Level = LogLevel.Information, Message = "Serving {Root} on {Urls}")]
    public static partial void Listening(ILogger logger, string root, string urls);

    [LoggerMessage(EventId = 2, Level = LogLevel.Information, Message = "File cache: {CacheMb} MiB budget, files up to {MaxFileKb} KiB, revalidated after {RevalidateMs} ms")]
    public static partial void CacheSettings(ILogger logger, long cacheMb, long maxFileKb, int revalidateMs);

    [LoggerMessage(EventId = 3, Level = LogLevel.Information, Message = "Buffer pool: {PoolMb} MiB retained at most, streaming buffer {BufferKb} KiB")]
    public static partial void PoolSettings(ILogger logger, long poolMb, int bufferKb);

    [LoggerMessage(EventId = 4, Level = LogLevel.Information, Message = "HTTP: ETag {ETags}, Last-Modified {LastModified}, ranges {Ranges}, dotfiles {Dotfiles}, index {Index}, prefix {Prefix}, Cache-Control \"{CacheControl}\"")]
    public static partial void HttpSettings(ILogger logger, bool etags, bool lastModified, bool ranges, string dotfiles, string index, string prefix, string cacheControl);

    [LoggerMessage(EventId = 5, Level = LogLevel.Information, Message = "Endpoints: stats {StatsPath}, liveness {HealthPath}, readiness {ReadyPath}; access log {AccessLog}")]
    public static partial void EndpointSettings(ILogger logger, string statsPath, string healthPath, string readyPath, bool accessLog);

    [LoggerMessage(EventId = 10, Level = LogLevel.Information, Message = "{Method} {Path} {Status} {Bytes} {ElapsedMs:0.000} ms")]
    public static partial void Access(ILogger logger, string method, string path, int status, long bytes, double elapsedMs);

    [LoggerMessage(EventId = 20, Level = LogLevel.Debug, Message = "Client went away during {Path} after {Bytes} bytes")]
    public static partial void ClientAborted(ILogger logger, string path, long bytes);

    [LoggerMessage(EventId = 21, Level = LogLevel.Warning, Message = "{Path} shrank while being sent ({Sent} of {Declared} bytes); connection aborted so the client sees an incomplete response")]
    public static partial void FileShrank(ILogger logger, string path, long sent, long declared);

    [LoggerMessage(EventId = 22, Level = LogLevel.Warning, Message = "Cannot read {Path}: {Reason}")]
    public static partial void ReadFailed(ILogger logger, string path, string reason);

    [LoggerMessage(EventId = 30, Level = LogLevel.Information, Message = "Stats: {Requests} requests, {BytesServed} bytes served, cache {CacheCount} files {CacheBytes} B hit ratio {HitRatio:0.000}, pool {PoolCount} buffers {PoolBytes} B in use {PoolInUse}, heap {HeapBytes} B, working set {WorkingSet} B")]
    public static partial void PeriodicStats(ILogger logger, long requests, long bytesServed, int cacheCount, long cacheBytes, double hitRatio, int poolCount, long poolBytes, int poolInUse, long heapBytes, long workingSet);

    [LoggerMessage(EventId = 40, Level = LogLevel.Information, Message = "Shutting down: no new connections; in-flight requests get up to {Seconds} s")]
    public static partial void ShuttingDown(ILogger logger, int seconds);

    [LoggerMessage(EventId = 41, Level = LogLevel.Information, Message = "Stopped after {Requests} requests")]
    public static partial void Stopped(ILogger logger, long requests);
}
