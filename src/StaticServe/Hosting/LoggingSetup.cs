using Serilog;
using Serilog.Configuration;
using Serilog.Events;
using Serilog.Filters;
using Serilog.Formatting;
using Serilog.Formatting.Compact;
using Serilog.Formatting.Display;
using StaticServe.Configuration;

namespace StaticServe.Hosting;

/// <summary>The one place Serilog is configured: console output, readable text or compact JSON.</summary>
internal static class LoggingSetup
{
    /// <summary>Logger category of access-log lines. Like nginx's access_log, it does not depend on
    /// --log-level: --access-log writes them even when only warnings are logged otherwise.</summary>
    public const string AccessLogCategory = "StaticServe.Access";

    /// <summary>Access lines wait at most this long before they are written: long enough to batch
    /// hundreds of lines into one write under load, short enough for `tail -f`.</summary>
    private static readonly TimeSpan AccessLogFlushInterval = TimeSpan.FromMilliseconds(200);

    /// <summary>Lines queued at most before new ones are dropped (reported through Serilog's
    /// SelfLog), so a blocked stdout can never stall requests or grow memory without bound: 100,000
    /// lines of about 100 bytes is 10 MB, two seconds at the fastest rate measured here.</summary>
    private const int AccessLogQueueLimit = 100_000;

    /// <summary>Timestamp, level, message: what a person scanning a terminal needs, nothing more.</summary>
    private const string TextTemplate = "[{Timestamp:HH:mm:ss} {Level:u3}] {Message:lj}{NewLine}{Exception}";

    /// <summary>A Serilog logger writing to stdout at the configured level; with --access-log, access
    /// lines go through a batching sink to <paramref name="accessLogOutput"/> (stdout by default).</summary>
    public static Serilog.Core.Logger Create(ServerOptions options, Stream? accessLogOutput = null)
    {
        var configuration = new LoggerConfiguration()
            .MinimumLevel.Is(ToSerilog(options.LogLevel))
            // Kestrel's own chatter (connection resets, bad requests it already answered) is Debug
            // material; its warnings and errors still show.
            .MinimumLevel.Override("Microsoft", LogEventLevel.Warning)
            .MinimumLevel.Override("Microsoft.Hosting.Lifetime", LogEventLevel.Warning)
            // "Hosting failed to start" plus a stack trace for a taken port: ServerHost.Run prints
            // one clear line for that instead.
            .MinimumLevel.Override("Microsoft.Extensions.Hosting", LogEventLevel.Fatal);
        var isAccess = Matching.FromSource(AccessLogCategory);
        configuration.WriteTo.Conditional(e => !isAccess(e), console => WriteConsole(console, options.LogFormat));
        if (options.AccessLog)
        {
            configuration.MinimumLevel.Override(AccessLogCategory, LogEventLevel.Information);
            var sink = new AccessLogSink(CreateFormatter(options.LogFormat), accessLogOutput ?? Console.OpenStandardOutput());
            var batching = new BatchingOptions
            {
                BatchSizeLimit = 1000,
                BufferingTimeLimit = AccessLogFlushInterval,
                QueueLimit = AccessLogQueueLimit,
                EagerlyEmitFirstEvent = true,
            };
            configuration.WriteTo.Conditional(isAccess, access => access.Sink(sink, batching));
        }

        return configuration.CreateLogger();
    }

    private static void WriteConsole(LoggerSinkConfiguration console, LogFormat format)
    {
        if (format == LogFormat.Json)
        {
            console.Console(new CompactJsonFormatter());
        }
        else
        {
            console.Console(outputTemplate: TextTemplate, formatProvider: System.Globalization.CultureInfo.InvariantCulture);
        }
    }

    private static ITextFormatter CreateFormatter(LogFormat format) => format == LogFormat.Json
        ? new CompactJsonFormatter()
        : new MessageTemplateTextFormatter(TextTemplate, System.Globalization.CultureInfo.InvariantCulture);

    private static LogEventLevel ToSerilog(LogLevel level) => level switch
    {
        LogLevel.Trace => LogEventLevel.Verbose,
        LogLevel.Debug => LogEventLevel.Debug,
        LogLevel.Information => LogEventLevel.Information,
        LogLevel.Warning => LogEventLevel.Warning,
        LogLevel.Error => LogEventLevel.Error,
        // "none": only fatal events, which the server does not emit.
        _ => LogEventLevel.Fatal,
    };
}
