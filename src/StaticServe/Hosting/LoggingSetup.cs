using Serilog;
using Serilog.Events;
using Serilog.Formatting.Compact;
using StaticServe.Configuration;

namespace StaticServe.Hosting;

/// <summary>The one place Serilog is configured: console output, readable text or compact JSON.</summary>
internal static class LoggingSetup
{
    /// <summary>Timestamp, level, message: what a person scanning a terminal needs, nothing more.</summary>
    private const string TextTemplate = "[{Timestamp:HH:mm:ss} {Level:u3}] {Message:lj}{NewLine}{Exception}";

    /// <summary>A Serilog logger writing to stderr-free stdout at the configured level.</summary>
    public static Serilog.ILogger Create(ServerOptions options)
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
        configuration = options.LogFormat == LogFormat.Json
            ? configuration.WriteTo.Console(new CompactJsonFormatter())
            : configuration.WriteTo.Console(outputTemplate: TextTemplate, formatProvider: System.Globalization.CultureInfo.InvariantCulture);
        return configuration.CreateLogger();
    }

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
