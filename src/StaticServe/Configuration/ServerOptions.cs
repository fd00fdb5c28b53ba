namespace StaticServe.Configuration;

/// <summary>
/// The validated, immutable settings of one server run. Built once by the CLI (flags, then
/// STATICSERVE_* environment variables, then these defaults) and checked by
/// the validator before the host starts.
/// </summary>
internal sealed record ServerOptions
{
    /// <summary>8080: the conventional unprivileged HTTP port, as in the seed's example.</summary>
    public const int DefaultPort = 8080;

    /// <summary>50 MiB: the seed's default; holds a typical SPA or docs build entirely.</summary>
    public const int DefaultCacheMb = 50;

    /// <summary>2 MiB: larger files are streamed; a cache of 50 MiB then holds at least 25 of the largest.</summary>
    public const int DefaultMaxCachedFileKb = 2048;

    /// <summary>64 KiB: the streaming buffer; see benchmarks and loadtests/RESULTS.md for the sweep.</summary>
    public const int DefaultBufferKb = 64;

    /// <summary>100 MiB: the seed's pool budget; 1600 concurrent 64 KiB streams before temporary buffers.</summary>
    public const int DefaultPoolMb = 100;

    /// <summary>500 ms: a cached entry is re-checked against the disk at most this long after its last check,
    /// so a request that starts 1 s after a write always sees it (issue 3's requirement), with margin.</summary>
    public const int DefaultRevalidateMs = 500;

    /// <summary>Matches the seed: one day for assets; HTML gets `no-cache` unless the flag is given.</summary>
    public const string DefaultCacheControl = "public, max-age=86400";

    /// <summary>Loopback only: exposing a folder to the network must be a deliberate `--host 0.0.0.0`.</summary>
    public const string DefaultHost = "localhost";

    /// <summary>Mounted at the site root, like every peer server.</summary>
    public const string DefaultPrefix = "/";

    /// <summary>The name every static-site generator emits for a folder's page.</summary>
    public const string DefaultIndexFile = "index.html";

    /// <summary>Short and outside any usual site layout; empty disables the endpoint.</summary>
    public const string DefaultStatsPath = "/stats";

    /// <summary>The Kubernetes convention for a liveness probe.</summary>
    public const string DefaultHealthPath = "/healthz";

    /// <summary>The Kubernetes convention for a readiness probe.</summary>
    public const string DefaultReadyPath = "/readyz";

    /// <summary>30 s: Kubernetes' default terminationGracePeriodSeconds, so a pod is never killed mid-drain.</summary>
    public const int DefaultShutdownTimeoutSeconds = 30;

    /// <summary>Off: periodic statistics lines are noise unless someone asks for them.</summary>
    public const int DefaultStatsLogSeconds = 0;

    /// <summary>The folder served: an absolute path to an existing directory.</summary>
    public required string Root { get; init; }

    /// <summary>
    /// Interface to bind: `localhost` (loopback, IPv4 and IPv6) by default, `*` (every interface, IPv4 and
    /// IPv6), or an IP address in canonical form (`0.0.0.0`, `::`, `192.168.1.5`, `::1`; no brackets).
    /// </summary>
    public string Host { get; init; } = DefaultHost;

    /// <summary>TCP port; 0 picks a free port (tests).</summary>
    public int Port { get; init; } = DefaultPort;

    /// <summary>Byte budget of the file cache; 0 = the cache is off and every response streams from disk.</summary>
    public long CacheBytes { get; init; } = DefaultCacheMb * 1024L * 1024L;

    /// <summary>Files up to this many bytes are cached; larger ones are streamed. At most <see cref="CacheBytes"/>
    /// when the cache is on; meaningless when it is off.</summary>
    public long MaxCachedFileBytes { get; init; } = DefaultMaxCachedFileKb * 1024L;

    /// <summary>Size of the pooled buffer a streamed response rents: a power of two from 4 KiB to 1 MiB.</summary>
    public int BufferBytes { get; init; } = DefaultBufferKb * 1024;

    /// <summary>Upper bound of the bytes the buffer pool retains; always holds at least one buffer.</summary>
    public long PoolBytes { get; init; } = DefaultPoolMb * 1024L * 1024L;

    /// <summary>How long a cached entry is trusted without a stat; 0 = stat on every hit.</summary>
    public int RevalidateMs { get; init; } = DefaultRevalidateMs;

    /// <summary>Cache-Control for successful responses.</summary>
    public string CacheControl { get; init; } = DefaultCacheControl;

    /// <summary>True when the user set --cache-control: then HTML gets it too instead of `no-cache`.</summary>
    public bool CacheControlExplicit { get; init; }

    /// <summary>Send ETag and honour If-Match / If-None-Match.</summary>
    public bool ETags { get; init; } = true;

    /// <summary>Send Last-Modified and honour If-Modified-Since / If-Unmodified-Since.</summary>
    public bool LastModified { get; init; } = true;

    /// <summary>
    /// Stream every large file through a rented pool buffer and copy it into the response pipe. By
    /// default a stream reads straight into the pipe's memory (one copy fewer, measured 25 % less CPU
    /// per 10 MiB response) while fewer than <see cref="DirectStreamLimit"/> do; see
    /// <see cref="Serving.DirectStreamGate"/> and loadtests/RESULTS.md.
    /// </summary>
    public bool StreamViaPool { get; init; }

    /// <summary>
    /// Send streamed files (whole, or one range) with sendfile(2) over our own socket sender
    /// (<see cref="Transport.SocketOutput"/>); off, Kestrel's sender and the copying streamers above
    /// are used, as with nginx's <c>sendfile off</c>.
    /// </summary>
    public bool Sendfile { get; init; } = true;

    /// <summary>How long a response may wait on a client that accepts no data before it is dropped
    /// (nginx's send_timeout default). Not a flag; tests shorten it.</summary>
    public TimeSpan SendTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Concurrent streams allowed to read straight into the response pipe before further
    /// ones use the pool. Not a flag: derived from the runtime's shared array pool (tests lower it).</summary>
    public int DirectStreamLimit { get; init; } = Serving.DirectStreamGate.DefaultLimit;

    /// <summary>Honour Range requests and send Accept-Ranges: bytes.</summary>
    public bool Ranges { get; init; } = true;

    /// <summary>URL prefix the folder is mounted under; always starts and ends with '/'.</summary>
    public string Prefix { get; init; } = DefaultPrefix;

    /// <summary>File served for a directory URL that ends in '/'; a plain file name. Empty = no index
    /// files: a directory URL is answered as if no index existed.</summary>
    public string IndexFile { get; init; } = DefaultIndexFile;

    /// <summary>Whether dotfiles are served.</summary>
    public DotfilesPolicy Dotfiles { get; init; } = DotfilesPolicy.Ignore;

    /// <summary>Absolute URL path of the JSON statistics endpoint (not under <see cref="Prefix"/>); empty
    /// disables it.</summary>
    public string StatsPath { get; init; } = DefaultStatsPath;

    /// <summary>Absolute URL path of the liveness endpoint (200 while the process serves); empty disables it.</summary>
    public string HealthPath { get; init; } = DefaultHealthPath;

    /// <summary>Absolute URL path of the readiness endpoint (503 once shutdown has begun); empty disables it.</summary>
    public string ReadyPath { get; init; } = DefaultReadyPath;

    /// <summary>Seconds in-flight requests get to finish after SIGTERM / Ctrl+C before the host stops.</summary>
    public int ShutdownTimeoutSeconds { get; init; } = DefaultShutdownTimeoutSeconds;

    /// <summary>Minimum level of log events written.</summary>
    public LogLevel LogLevel { get; init; } = LogLevel.Information;

    /// <summary>Console log rendering.</summary>
    public LogFormat LogFormat { get; init; } = LogFormat.Text;

    /// <summary>One log line per request when true.</summary>
    public bool AccessLog { get; init; }

    /// <summary>Seconds between periodic statistics log lines; 0 disables them.</summary>
    public int StatsLogSeconds { get; init; } = DefaultStatsLogSeconds;
}
