using System.Globalization;
using StaticServe.Configuration;

namespace StaticServe.Cli;

/// <summary>The table of every option StaticServe accepts, in the order help lists them.</summary>
internal static class CliSettings
{
    private const string Off = "off";

    public static IReadOnlyList<CliSetting> All { get; } =
    [
        new("--host", "host",
            "Interface to listen on: localhost (loopback only), an IP address, 0.0.0.0 or :: to expose to "
            + "the network, * for every interface",
            ServerOptions.DefaultHost, (r, v) => r with { Host = v }),
        new("--port", "port",
            "TCP port to listen on; 0 picks any free port (the start-up log names it)",
            Number(ServerOptions.DefaultPort), (r, v) => r with { Port = v }),
        new("--cache-mb", "MiB",
            "Memory for cached files; 0 turns the cache off and every response streams from disk",
            Number(ServerOptions.DefaultCacheMb), (r, v) => r with { CacheMb = v }),
        new("--max-cached-file-kb", "KiB",
            "Largest file kept in the cache; larger files are streamed; at most the cache size",
            Number(ServerOptions.DefaultMaxCachedFileKb), (r, v) => r with { MaxCachedFileKb = v }),
        new("--buffer-kb", "KiB",
            "Streaming buffer size: a power of two from 4 to 1024",
            Number(ServerOptions.DefaultBufferKb), (r, v) => r with { BufferKb = v }),
        new("--pool-mb", "MiB",
            "Most memory the buffer pool keeps for reuse (at least 1)",
            Number(ServerOptions.DefaultPoolMb), (r, v) => r with { PoolMb = v }),
        new("--revalidate-ms", "ms",
            "How long a cached file is trusted before the disk is checked again, 0-60000; 0 checks on every "
            + "request; above 999 a change can take over a second to show",
            Number(ServerOptions.DefaultRevalidateMs), (r, v) => r with { RevalidateMs = v }),
        new("--cache-control", "value",
            "Cache-Control header of responses; unless set, HTML gets 'no-cache' so pages are revalidated",
            ServerOptions.DefaultCacheControl, (r, v) => r with { CacheControl = v }),
        new("--no-etag", null,
            "Send no ETag; If-Match / If-None-Match then match only '*' (RFC 9110 §13.1.1-2)",
            Off, (r, v) => r with { NoEtag = v }),
        new("--no-last-modified", null,
            "Send no Last-Modified and ignore If-Modified-Since / If-Unmodified-Since",
            Off, (r, v) => r with { NoLastModified = v }),
        new("--no-ranges", null,
            "Ignore Range requests and do not advertise Accept-Ranges",
            Off, (r, v) => r with { NoRanges = v }),
        new("--stream-via-pool", null,
            "When a large file is copied rather than sent with sendfile (--no-sendfile, several ranges, a range "
            + "under 64 KiB), copy it through a pooled buffer (--buffer-kb); by default the first 32 copies per CPU "
            + "read straight into the response's memory (one copy fewer) and only the rest use the pool",
            Off, (r, v) => r with { StreamViaPool = v }),
        new("--no-sendfile", null,
            "Copy large files through memory instead of having the kernel send them (sendfile), send cached "
            + "bodies through Kestrel's pipe, and leave the socket to Kestrel's own sender",
            Off, (r, v) => r with { NoSendfile = v }),
        new("--prefix", "path",
            "URL path the folder is mounted under, e.g. /docs/",
            ServerOptions.DefaultPrefix, (r, v) => r with { Prefix = v }),
        new("--index", "name",
            "File served for a folder URL; empty turns index files off",
            ServerOptions.DefaultIndexFile, (r, v) => r with { Index = v }),
        new("--dotfiles", "ignore|allow",
            "Whether files and folders whose name starts with '.' are served (ignore answers 404)",
            "ignore", (r, v) => r with { Dotfiles = v }),
        new("--stats-path", "path",
            "URL path of the JSON statistics endpoint; empty turns it off",
            ServerOptions.DefaultStatsPath, (r, v) => r with { StatsPath = v }),
        new("--health-path", "path",
            "URL path of the liveness probe; empty turns it off",
            ServerOptions.DefaultHealthPath, (r, v) => r with { HealthPath = v }),
        new("--ready-path", "path",
            "URL path of the readiness probe; empty turns it off",
            ServerOptions.DefaultReadyPath, (r, v) => r with { ReadyPath = v }),
        new("--shutdown-timeout", "seconds",
            "Time in-flight requests get to finish after SIGTERM or Ctrl+C, 0-3600",
            Number(ServerOptions.DefaultShutdownTimeoutSeconds), (r, v) => r with { ShutdownTimeout = v }),
        new("--log-level", "level",
            "trace, debug, information (info), warning (warn), error, critical or none",
            "information", (r, v) => r with { LogLevel = v }),
        new("--log-format", "text|json",
            "Console log format; json writes one object per line",
            "text", (r, v) => r with { LogFormat = v }),
        new("--access-log", null,
            "Log one line per request",
            Off, (r, v) => r with { AccessLog = v }),
        new("--stats-log-seconds", "seconds",
            "Log a statistics line every N seconds; 0 turns it off",
            Number(ServerOptions.DefaultStatsLogSeconds), (r, v) => r with { StatsLogSeconds = v }),
    ];

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);
}
