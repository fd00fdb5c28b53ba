using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Serilog.Extensions.Logging;
using StaticServe.Buffers;
using StaticServe.Caching;
using StaticServe.Configuration;
using StaticServe.Diagnostics;
using StaticServe.Serving;
using StaticServe.Transport;

namespace StaticServe.Hosting;

/// <summary>
/// The composition root: builds Kestrel with deliberate limits, the pool, the cache and the
/// handler, and runs them. Used by the executable and, in-process, by the functional tests.
/// </summary>
internal sealed class ServerHost : IAsyncDisposable
{
    /// <summary>8 KiB request line: nginx's large_client_header_buffers size; longer URLs get 414 from Kestrel.</summary>
    private const int MaxRequestLineBytes = 8 * 1024;

    /// <summary>32 KiB of headers (Kestrel's default): enough for big cookies, bounded against abuse.</summary>
    private const int MaxRequestHeadersBytes = 32 * 1024;

    /// <summary>100 header fields (Kestrel's default).</summary>
    private const int MaxRequestHeaderCount = 100;

    /// <summary>10,000 connections: far above what one core serves, low enough to bound memory per process.</summary>
    private const int MaxConnections = 10_000;

    /// <summary>75 s idle keep-alive: nginx's keepalive_timeout default.</summary>
    private static readonly TimeSpan KeepAliveTimeout = TimeSpan.FromSeconds(75);

    /// <summary>10 s to send the request headers: slowloris clients are dropped quickly (Kestrel's default is 30 s).</summary>
    private static readonly TimeSpan RequestHeadersTimeout = TimeSpan.FromSeconds(10);

    /// <summary>A client that reads slower than 240 B/s after a 5 s grace is dropped (Kestrel's default, kept deliberately).</summary>
    private static readonly MinDataRate MinResponseRate = new(bytesPerSecond: 240, gracePeriod: TimeSpan.FromSeconds(5));

    private readonly WebApplication _app;
    private readonly Serilog.Core.Logger? _ownedLogger;
    private Timer? _statsTimer;

    private ServerHost(WebApplication app, ServerOptions options, BufferPool pool, FileCache cache, OpenFileCache openFiles, SendWatchdog watchdog, ServerCounters counters, StatsEndpoint stats, Serilog.Core.Logger? ownedLogger)
    {
        Watchdog = watchdog;
        _app = app;
        Options = options;
        Pool = pool;
        Cache = cache;
        OpenFiles = openFiles;
        Counters = counters;
        Stats = stats;
        _ownedLogger = ownedLogger;
    }

    public ServerOptions Options { get; }

    public BufferPool Pool { get; }

    public FileCache Cache { get; }

    public OpenFileCache OpenFiles { get; }

    public SendWatchdog Watchdog { get; }

    public ServerCounters Counters { get; }

    public StatsEndpoint Stats { get; }

    /// <summary>The addresses Kestrel actually bound (port 0 resolved).</summary>
    public IReadOnlyList<string> Urls => _app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.ToList();

    /// <summary>The bound port of the first address.</summary>
    public int Port => new Uri(Urls[0]).Port;

    /// <summary>Builds and starts the server; returns once it is listening.</summary>
    public static async Task<ServerHost> StartAsync(ServerOptions options, Serilog.ILogger? logger = null, CancellationToken cancellationToken = default)
    {
        var ownedLogger = logger is null ? LoggingSetup.Create(options) : null;
        var serilog = logger ?? ownedLogger!;

        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions { ContentRootPath = options.Root });
        builder.Logging.ClearProviders();
        builder.Logging.AddProvider(new SerilogLoggerProvider(serilog, dispose: false));
        builder.Logging.SetMinimumLevel(options.LogLevel);
        if (options.AccessLog)
        {
            builder.Logging.AddFilter(LoggingSetup.AccessLogCategory, LogLevel.Information);
        }

        // Hosting opens a logging scope for every request whenever its category is enabled at any
        // level; with Serilog behind it that cost 824 B per request (measured in-process, 20,000
        // keep-alive requests). Its own events (request start/stop) are what --access-log does
        // cheaper; unhandled exceptions are still logged by Kestrel's category.
        builder.Logging.AddFilter("Microsoft.AspNetCore.Hosting.Diagnostics", LogLevel.None);
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(options.ShutdownTimeoutSeconds));
        var pool = new BufferPool(options.PoolBytes);
        var counters = new ServerCounters();
        Action<ListenOptions> connection = options.Sendfile
            ? listen => listen.Use(new SendfileConnection(pool, counters, options.SendTimeout).Wrap)
            : _ => { };
        builder.WebHost.UseKestrelCore();
        builder.WebHost.UseSockets();
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.AllowSynchronousIO = false;

            // RFC 9112 §3.2.2: with an absolute-form target (what proxies send) the server MUST
            // ignore Host; Kestrel otherwise answers 400 when the two disagree.
            kestrel.AllowHostHeaderOverride = true;
            var limits = kestrel.Limits;
            limits.MaxRequestLineSize = MaxRequestLineBytes;
            limits.MaxRequestHeadersTotalSize = MaxRequestHeadersBytes;
            limits.MaxRequestHeaderCount = MaxRequestHeaderCount;
            limits.MaxConcurrentConnections = MaxConnections;
            limits.MaxConcurrentUpgradedConnections = 0;
            limits.KeepAliveTimeout = KeepAliveTimeout;
            limits.RequestHeadersTimeout = RequestHeadersTimeout;
            limits.MinResponseDataRate = MinResponseRate;

            // A static server reads no bodies, but Kestrel drains an unread one after the response to
            // keep the connection; up to nginx's client_max_body_size default (1 MiB) that is what
            // happens, beyond it the connection closes after the answer (the handler says so with
            // Connection: close, RFC 9112 §9.6).
            limits.MaxRequestBodySize = StaticFileHandler.MaxDrainedBodyBytes;
            Listen(kestrel, options, connection);
        });

        var app = builder.Build();
        var cache = new FileCache(options.CacheBytes, options.MaxCachedFileBytes);
        var openFiles = new OpenFileCache(OpenFileCache.DefaultCapacity);
        var watchdog = new SendWatchdog(options.SendTimeout);
        var stats = new StatsEndpoint(cache, openFiles, watchdog, pool, counters);
        var lifetime = app.Services.GetRequiredService<IHostApplicationLifetime>();
        var log = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("StaticServe");
        var handler = new StaticFileHandler(options, cache, openFiles, watchdog, pool, counters, stats, () => lifetime.ApplicationStopping.IsCancellationRequested, log);

        if (options.AccessLog)
        {
            var accessLog = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(LoggingSetup.AccessLogCategory);
            app.Use((context, next) => AccessLogged(context, next, accessLog, options));
        }

        app.Run(handler.HandleAsync);
        lifetime.ApplicationStopping.Register(() => Log.ShuttingDown(log, options.ShutdownTimeoutSeconds));
        lifetime.ApplicationStopped.Register(() => Log.Stopped(log, counters.Requests));
        await app.StartAsync(cancellationToken);

        var host = new ServerHost(app, options, pool, cache, openFiles, watchdog, counters, stats, ownedLogger);
        if (options.StatsLogSeconds > 0)
        {
            host._statsTimer = new Timer(_ => host.LogStats(log), null, TimeSpan.FromSeconds(options.StatsLogSeconds), TimeSpan.FromSeconds(options.StatsLogSeconds));
        }

        Log.Listening(log, options.Root, string.Join(", ", host.Urls));
        Log.CacheSettings(log, options.CacheBytes / (1024 * 1024), options.MaxCachedFileBytes / 1024, options.RevalidateMs);
        Log.PoolSettings(log, options.PoolBytes / (1024 * 1024), options.BufferBytes / 1024);
        Log.HttpSettings(log, options.ETags, options.LastModified, options.Ranges, options.Dotfiles.ToString().ToLowerInvariant(), options.IndexFile, options.Prefix, options.CacheControl);
        Log.EndpointSettings(log, Describe(options.StatsPath), Describe(options.HealthPath), Describe(options.ReadyPath), options.AccessLog);
        return host;
    }

    /// <summary>Runs until SIGTERM or Ctrl+C, then drains in-flight requests; the process exit code.
    /// A socket that cannot be bound is one line on <paramref name="error"/> (stderr) and exit code 1.</summary>
    public static int Run(ServerOptions options, TextWriter? error = null)
    {
        try
        {
            var host = StartAsync(options).GetAwaiter().GetResult();
            host._app.WaitForShutdownAsync().GetAwaiter().GetResult();
            host.DisposeAsync().AsTask().GetAwaiter().GetResult();
            return 0;
        }
        catch (Exception e) when (e is IOException or SocketException)
        {
            // Kestrel reports a taken port as IOException and everything else the bind can meet
            // (EACCES for a port below 1024 without privileges, EADDRNOTAVAIL for an address this
            // machine does not have) as SocketException: one clear line, never a stack trace.
            var hint = e is SocketException { SocketErrorCode: SocketError.AccessDenied } && options.Port is > 0 and < 1024
                ? " (ports below 1024 need root or CAP_NET_BIND_SERVICE)"
                : "";
            (error ?? Console.Error).WriteLine($"staticserve: cannot listen on {options.Host}:{options.Port}: {e.Message}{hint}");
            return 1;
        }
    }

    /// <summary>Stops accepting, waits for in-flight requests (up to the shutdown timeout), releases everything.</summary>
    public async Task StopAsync()
    {
        await _app.StopAsync();
    }

    public async ValueTask DisposeAsync()
    {
        if (_statsTimer is not null)
        {
            await _statsTimer.DisposeAsync();
        }

        await _app.StopAsync();
        await _app.DisposeAsync();
        OpenFiles.Dispose();
        Watchdog.Dispose();
        Pool.Dispose();
        _ownedLogger?.Dispose();
    }

    private static void Listen(KestrelServerOptions kestrel, ServerOptions options, Action<ListenOptions> connection)
    {
        if (options.Host is "localhost")
        {
            if (options.Port == 0)
            {
                // Kestrel cannot bind one dynamic port on both loopbacks; IPv4 is what tests use.
                kestrel.Listen(IPAddress.Loopback, 0, connection);
            }
            else
            {
                kestrel.ListenLocalhost(options.Port, connection);
            }
        }
        else if (options.Host is "*")
        {
            kestrel.ListenAnyIP(options.Port, connection);
        }
        else
        {
            kestrel.Listen(IPAddress.Parse(options.Host), options.Port, connection);
        }
    }

    private static async Task AccessLogged(HttpContext context, Func<Task> next, ILogger log, ServerOptions options)
    {
        var started = Stopwatch.GetTimestamp();
        await next();
        var path = context.Request.Path.Value ?? "/";
        if (path == options.HealthPath || path == options.ReadyPath)
        {
            return;
        }

        Log.Access(log, context.Request.Method, context.Features.GetRequiredFeature<IHttpRequestFeature>().RawTarget, context.Response.StatusCode, context.Response.ContentLength ?? 0, Stopwatch.GetElapsedTime(started).TotalMilliseconds);
    }

    private static string Describe(string path) => path.Length == 0 ? "off" : path;

    private void LogStats(ILogger log)
    {
        var c = Cache.GetStatistics();
        var p = Pool.GetStatistics();
        Log.PeriodicStats(log, Counters.Requests, Counters.BytesServed, c.Count, c.Bytes, c.HitRatio, p.PooledCount, p.PooledBytes, p.InUse, GC.GetGCMemoryInfo().HeapSizeBytes, Environment.WorkingSet);
    }
}
