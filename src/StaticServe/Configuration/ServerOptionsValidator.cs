using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Numerics;
using System.Text;

namespace StaticServe.Configuration;

/// <summary>
/// Turns <see cref="RawServerOptions"/> into <see cref="ServerOptions"/>: every value is parsed and checked
/// once, bad values are rejected (never clamped), and every error is reported together, each starting
/// with the flag or environment variable that set the value.
/// </summary>
internal static class ServerOptionsValidator
{
    /// <summary>Source name of the positional ROOT argument; its messages read "root folder ..." unprefixed.</summary>
    public const string RootArgument = "ROOT";

    /// <summary>A TCP port is 16 bits; 0 asks the OS for any free port.</summary>
    public const int MaxPort = 65_535;

    /// <summary>1 TiB: more than any machine this targets; a larger figure is a typo, not a plan.</summary>
    public const int MaxCacheMb = 1_048_576;

    /// <summary>A cached file is one byte array, and an array holds just under 2 GiB (Array.MaxLength).</summary>
    public const int MaxCachedFileKbLimit = 2_097_151;

    /// <summary>The buffer pool's smallest size class (4 KiB, one memory page).</summary>
    public const int MinBufferKb = 4;

    /// <summary>The buffer pool's largest size class (1 MiB).</summary>
    public const int MaxBufferKb = 1_024;

    /// <summary>1 MiB holds one buffer of the largest size class, so every allowed --buffer-kb fits.</summary>
    public const int MinPoolMb = 1;

    /// <summary>1 TiB, as for the cache: a guard against typos.</summary>
    public const int MaxPoolMb = 1_048_576;

    /// <summary>One minute: beyond it the cache stops tracking the disk in any useful sense after a deploy.</summary>
    public const int MaxRevalidateMs = 60_000;

    /// <summary>Issue 3: a change on disk shows within 1 s; a longer revalidation interval breaks that, so it warns.</summary>
    public const int FreshnessTargetMs = 1_000;

    /// <summary>One hour: longer than any orchestrator waits; a larger value is a unit mistake.</summary>
    public const int MaxShutdownTimeoutSeconds = 3_600;

    /// <summary>One day: a statistics line rarer than daily is not periodic monitoring.</summary>
    public const int MaxStatsLogSeconds = 86_400;

    private const long BytesPerKb = 1024L;
    private const long BytesPerMb = 1024L * 1024L;

    private static readonly string[] TrueWords = ["true", "1", "yes"];
    private static readonly string[] FalseWords = ["false", "0", "no"];

    /// <summary>Validates every value; the result has options or the full list of errors, never both.</summary>
    public static OptionsValidationResult Validate(RawServerOptions raw)
    {
        ArgumentNullException.ThrowIfNull(raw);
        var errors = new List<string>();
        var warnings = new List<string>();

        string root = ReadRoot(raw.Root, errors);
        string host = ReadHost(raw.Host, errors);
        _ = TryReadInt(raw.Port, ServerOptions.DefaultPort, 0, MaxPort,
            "a valid port", $"0-{MaxPort}", errors, out int port);
        bool cacheOk = TryReadInt(raw.CacheMb, ServerOptions.DefaultCacheMb, 0, MaxCacheMb,
            "a valid cache size", $"0-{MaxCacheMb} MiB; 0 turns the cache off", errors, out int cacheMb);
        bool maxFileOk = TryReadInt(raw.MaxCachedFileKb, ServerOptions.DefaultMaxCachedFileKb, 1, MaxCachedFileKbLimit,
            "a valid file size limit", $"1-{MaxCachedFileKbLimit} KiB", errors, out int maxCachedFileKb);
        int bufferKb = ReadBufferKb(raw.BufferKb, errors);
        _ = TryReadInt(raw.PoolMb, ServerOptions.DefaultPoolMb, MinPoolMb, MaxPoolMb,
            "a valid pool size", $"{MinPoolMb}-{MaxPoolMb} MiB; at least one buffer must fit", errors, out int poolMb);
        bool revalidateOk = TryReadInt(raw.RevalidateMs, ServerOptions.DefaultRevalidateMs, 0, MaxRevalidateMs,
            "a valid interval", $"0-{MaxRevalidateMs} ms", errors, out int revalidateMs);
        string cacheControl = ReadCacheControl(raw.CacheControl, errors);
        bool noEtag = ReadBool(raw.NoEtag, errors);
        bool noLastModified = ReadBool(raw.NoLastModified, errors);
        bool noRanges = ReadBool(raw.NoRanges, errors);
        bool streamViaPool = ReadBool(raw.StreamViaPool, errors);
        bool noSendfile = ReadBool(raw.NoSendfile, errors);
        string prefix = ReadPrefix(raw.Prefix, errors);
        string index = ReadIndex(raw.Index, errors);
        var dotfiles = ReadChoice(raw.Dotfiles, DotfilesPolicy.Ignore, errors, "ignore, allow",
            ("ignore", DotfilesPolicy.Ignore), ("allow", DotfilesPolicy.Allow));
        string statsPath = ReadEndpointPath(raw.StatsPath, ServerOptions.DefaultStatsPath, errors);
        string healthPath = ReadEndpointPath(raw.HealthPath, ServerOptions.DefaultHealthPath, errors);
        string readyPath = ReadEndpointPath(raw.ReadyPath, ServerOptions.DefaultReadyPath, errors);
        _ = TryReadInt(raw.ShutdownTimeout, ServerOptions.DefaultShutdownTimeoutSeconds, 0, MaxShutdownTimeoutSeconds,
            "a valid timeout", $"0-{MaxShutdownTimeoutSeconds} s", errors, out int shutdownTimeout);
        var logLevel = ReadChoice(raw.LogLevel, LogLevel.Information, errors,
            "trace, debug, information (info), warning (warn), error, critical, none",
            ("trace", LogLevel.Trace), ("debug", LogLevel.Debug), ("information", LogLevel.Information),
            ("info", LogLevel.Information), ("warning", LogLevel.Warning), ("warn", LogLevel.Warning),
            ("error", LogLevel.Error), ("critical", LogLevel.Critical), ("none", LogLevel.None));
        var logFormat = ReadChoice(raw.LogFormat, LogFormat.Text, errors, "text, json",
            ("text", LogFormat.Text), ("json", LogFormat.Json));
        bool accessLog = ReadBool(raw.AccessLog, errors);
        _ = TryReadInt(raw.StatsLogSeconds, ServerOptions.DefaultStatsLogSeconds, 0, MaxStatsLogSeconds,
            "a valid interval", $"0-{MaxStatsLogSeconds} s; 0 turns it off", errors, out int statsLogSeconds);

        if (cacheOk && maxFileOk)
        {
            CheckFileFitsCache(raw, cacheMb, maxCachedFileKb, errors);
        }

        CheckEndpointsDistinct(
            [(raw.StatsPath, "--stats-path", statsPath), (raw.HealthPath, "--health-path", healthPath),
             (raw.ReadyPath, "--ready-path", readyPath)],
            errors);

        if (revalidateOk && revalidateMs >= FreshnessTargetMs && raw.RevalidateMs is { } revalidateRaw)
        {
            warnings.Add($"{revalidateRaw.Source}: a changed file may be served from the cache for up to " +
                $"{revalidateMs} ms, longer than the {FreshnessTargetMs} ms freshness target");
        }

        if (errors.Count > 0)
        {
            return new OptionsValidationResult { Errors = errors, Warnings = warnings };
        }

        var options = new ServerOptions
        {
            Root = root,
            Host = host,
            Port = port,
            CacheBytes = cacheMb * BytesPerMb,
            MaxCachedFileBytes = maxCachedFileKb * BytesPerKb,
            BufferBytes = checked((int)(bufferKb * BytesPerKb)),
            PoolBytes = poolMb * BytesPerMb,
            RevalidateMs = revalidateMs,
            CacheControl = cacheControl,
            CacheControlExplicit = raw.CacheControl is not null,
            ETags = !noEtag,
            LastModified = !noLastModified,
            Ranges = !noRanges,
            StreamViaPool = streamViaPool,
            Sendfile = !noSendfile,
            Prefix = prefix,
            IndexFile = index,
            Dotfiles = dotfiles,
            StatsPath = statsPath,
            HealthPath = healthPath,
            ReadyPath = readyPath,
            ShutdownTimeoutSeconds = shutdownTimeout,
            LogLevel = logLevel,
            LogFormat = logFormat,
            AccessLog = accessLog,
            StatsLogSeconds = statsLogSeconds,
        };
        return new OptionsValidationResult { Options = options, Warnings = warnings };
    }

    /// <summary>Quotes a user value for a message, escaping control characters so a message stays one line.</summary>
    internal static string Quote(string text)
    {
        var builder = new StringBuilder(text.Length + 2).Append('\'');
        foreach (char c in text)
        {
            _ = c switch
            {
                '\r' => builder.Append("\\r"),
                '\n' => builder.Append("\\n"),
                '\t' => builder.Append("\\t"),
                _ when char.IsControl(c) => builder.Append(CultureInfo.InvariantCulture, $"\\u{(int)c:X4}"),
                _ => builder.Append(c),
            };
        }

        return builder.Append('\'').ToString();
    }

    private static string ReadRoot(RawValue? raw, List<string> errors)
    {
        if (raw is not { } value)
        {
            // Not given anywhere: the current directory, which can still have been deleted under us.
            string current = Environment.CurrentDirectory;
            if (!Directory.Exists(current))
            {
                errors.Add($"root folder {Quote(current)} (the current directory) does not exist");
            }

            return current;
        }

        string where = value.Source == RootArgument ? string.Empty : $"{value.Source}: ";
        if (value.Text.Length == 0)
        {
            errors.Add($"{where}root folder must not be empty");
            return string.Empty;
        }

        string full;
        try
        {
            // GetFullPath resolves "." and ".." and duplicate separators; the trim keeps "/" as it is.
            full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(value.Text));
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException)
        {
            errors.Add($"{where}root folder {Quote(value.Text)} is not a valid path");
            return string.Empty;
        }

        if (Directory.Exists(full))
        {
            if (!CanList(full))
            {
                // Started anyway, every request would be a 404 with nothing in the log to say why.
                errors.Add($"{where}root folder {Quote(value.Text)} cannot be read (permission denied for this user)");
                return string.Empty;
            }

            return full;
        }

        errors.Add(File.Exists(full)
            ? $"{where}root folder {Quote(value.Text)} is a file, not a folder"
            : $"{where}root folder {Quote(value.Text)} does not exist");
        return string.Empty;
    }

    private static bool CanList(string folder)
    {
        try
        {
            using var entries = Directory.EnumerateFileSystemEntries(folder).GetEnumerator();
            entries.MoveNext();
            return true;
        }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException)
        {
            return false;
        }
    }

    private static string ReadHost(RawValue? raw, List<string> errors)
    {
        if (raw is not { } value)
        {
            return ServerOptions.DefaultHost;
        }

        string text = value.Text;
        if (text.Equals("localhost", StringComparison.OrdinalIgnoreCase))
        {
            return ServerOptions.DefaultHost;
        }

        if (text == "*")
        {
            return text;
        }

        // "[::1]" is how IPv6 literals appear in URLs; accept it and store the bare address.
        bool bracketed = text.Length > 2 && text[0] == '[' && text[^1] == ']';
        string candidate = bracketed ? text[1..^1] : text;
        if (candidate.Contains(':', StringComparison.Ordinal))
        {
            if (IPAddress.TryParse(candidate, out var v6) && v6.AddressFamily == AddressFamily.InterNetworkV6)
            {
                return v6.ToString();
            }
        }
        else if (!bracketed && IPAddress.TryParse(candidate, out var v4) && v4.AddressFamily == AddressFamily.InterNetwork
            && v4.ToString() == candidate)
        {
            // Only the canonical dotted quad: IPAddress also takes "127.1" and "010.0.0.1" (octal), which
            // would bind somewhere the user did not mean.
            return candidate;
        }

        errors.Add($"{value.Source}: {Quote(text)} is not localhost, * or an IP address " +
            "(use 0.0.0.0 or :: to listen on every interface)");
        return ServerOptions.DefaultHost;
    }

    private static bool TryReadInt(
        RawValue? raw, int defaultValue, int min, int max, string what, string range, List<string> errors, out int value)
    {
        value = defaultValue;
        if (raw is not { } given)
        {
            return true;
        }

        if (!long.TryParse(given.Text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out long number))
        {
            errors.Add(IsInteger(given.Text)
                ? $"{given.Source}: {given.Text} is not {what} ({range})"
                : $"{given.Source}: {Quote(given.Text)} is not a whole number");
            return false;
        }

        if (number < min || number > max)
        {
            errors.Add($"{given.Source}: {given.Text} is not {what} ({range})");
            return false;
        }

        value = (int)number;
        return true;
    }

    /// <summary>True for digit strings too long for a long: out of range rather than "not a number".</summary>
    private static bool IsInteger(string text)
    {
        var digits = text.AsSpan().TrimStart("+-");
        return digits.Length > 0 && digits.Length >= text.Length - 1 && !digits.ContainsAnyExceptInRange('0', '9');
    }

    private static int ReadBufferKb(RawValue? raw, List<string> errors)
    {
        // Rejected rather than rounded up to the next size class: the user asked for a size the pool
        // cannot rent, and silently handing out another one is the clamping the design forbids.
        const string What = "a valid buffer size";
        string range = $"a power of two from {MinBufferKb} to {MaxBufferKb} KiB";
        if (!TryReadInt(raw, ServerOptions.DefaultBufferKb, MinBufferKb, MaxBufferKb, What, range, errors, out int kb))
        {
            return ServerOptions.DefaultBufferKb;
        }

        if (!BitOperations.IsPow2(kb))
        {
            errors.Add($"{raw!.Value.Source}: {raw.Value.Text} is not {What} ({range})");
            return ServerOptions.DefaultBufferKb;
        }

        return kb;
    }

    private static bool ReadBool(RawValue? raw, List<string> errors)
    {
        if (raw is not { } value)
        {
            return false;
        }

        if (TrueWords.Contains(value.Text, StringComparer.OrdinalIgnoreCase))
        {
            return true;
        }

        if (FalseWords.Contains(value.Text, StringComparer.OrdinalIgnoreCase))
        {
            return false;
        }

        errors.Add($"{value.Source}: {Quote(value.Text)} is not one of: true, false, 1, 0, yes, no");
        return false;
    }

    private static T ReadChoice<T>(
        RawValue? raw, T defaultValue, List<string> errors, string allowed, params (string Name, T Value)[] choices)
    {
        if (raw is not { } given)
        {
            return defaultValue;
        }

        foreach (var (name, value) in choices)
        {
            if (name.Equals(given.Text, StringComparison.OrdinalIgnoreCase))
            {
                return value;
            }
        }

        errors.Add($"{given.Source}: {Quote(given.Text)} is not one of: {allowed}");
        return defaultValue;
    }

    private static string ReadCacheControl(RawValue? raw, List<string> errors)
    {
        if (raw is not { } value)
        {
            return ServerOptions.DefaultCacheControl;
        }

        string text = value.Text.Trim(' ');
        if (text.Length == 0)
        {
            errors.Add($"{value.Source}: must not be empty (use 'no-store' to forbid caching)");
            return ServerOptions.DefaultCacheControl;
        }

        // RFC 9110 §5.5: a field value is visible ASCII, spaces and tabs; anything else, above all CR and
        // LF, would end the header early and let the value inject headers of its own. Tabs are refused
        // too: no directive needs one. Non-ASCII would make Kestrel throw on every response.
        foreach (char c in text)
        {
            if (c is < ' ' or > '~')
            {
                errors.Add($"{value.Source}: {Quote(value.Text)} may contain only printable ASCII " +
                    "(no CR, LF or other control characters)");
                return ServerOptions.DefaultCacheControl;
            }
        }

        return text;
    }

    private static string ReadPrefix(RawValue? raw, List<string> errors)
    {
        if (raw is not { } value)
        {
            return ServerOptions.DefaultPrefix;
        }

        if (CheckUrlPath(value, errors) is not { } path)
        {
            return ServerOptions.DefaultPrefix;
        }

        // Normalised to end with '/' so that "/docs" never matches "/docsearch/...".
        return path.EndsWith('/') ? path : path + "/";
    }

    private static string ReadEndpointPath(RawValue? raw, string defaultValue, List<string> errors)
    {
        if (raw is not { } value)
        {
            return defaultValue;
        }

        if (value.Text.Length == 0)
        {
            return string.Empty;
        }

        if (CheckUrlPath(value, errors) is not { } path)
        {
            return defaultValue;
        }

        if (path.EndsWith('/'))
        {
            errors.Add(path.Length == 1
                ? $"{value.Source}: '/' would hide every file; name a path such as {Quote(defaultValue)}"
                : $"{value.Source}: {Quote(path)} must not end with '/'");
            return defaultValue;
        }

        return path;
    }

    /// <summary>
    /// The checks shared by --prefix and the endpoint paths: an absolute, already-decoded URL path with no
    /// traversal, no empty segment and nothing that would be encoded or end the path (`?`, `#`, `%`).
    /// </summary>
    private static string? CheckUrlPath(RawValue value, List<string> errors)
    {
        string text = value.Text;
        if (!text.StartsWith('/'))
        {
            errors.Add($"{value.Source}: {Quote(text)} must start with '/'");
            return null;
        }

        foreach (char c in text)
        {
            string? problem = c switch
            {
                '?' or '#' => $"'{c}' (it would end the path)",
                '%' => "'%' (give the path decoded)",
                '\\' => "'\\' (use '/')",
                _ when char.IsControl(c) => "a control character",
                _ when char.IsWhiteSpace(c) => "white space",
                _ => null,
            };
            if (problem is not null)
            {
                errors.Add($"{value.Source}: {Quote(text)} must not contain {problem}");
                return null;
            }
        }

        if (text.Contains("//", StringComparison.Ordinal))
        {
            errors.Add($"{value.Source}: {Quote(text)} must not contain an empty segment ('//')");
            return null;
        }

        foreach (var segment in text.Split('/'))
        {
            if (segment is "." or "..")
            {
                errors.Add($"{value.Source}: {Quote(text)} must not contain a '.' or '..' segment");
                return null;
            }
        }

        return text;
    }

    private static string ReadIndex(RawValue? raw, List<string> errors)
    {
        if (raw is not { } value)
        {
            return ServerOptions.DefaultIndexFile;
        }

        string text = value.Text;
        if (text.Length == 0)
        {
            return string.Empty;
        }

        if (text.Contains('/', StringComparison.Ordinal) || text.Contains('\\', StringComparison.Ordinal)
            || text is "." or ".." || text.Any(char.IsControl))
        {
            errors.Add($"{value.Source}: {Quote(text)} is not a plain file name (no '/', '\\', '.', '..' " +
                "or control characters; empty turns index files off)");
            return ServerOptions.DefaultIndexFile;
        }

        return text;
    }

    private static void CheckFileFitsCache(RawServerOptions raw, int cacheMb, int maxCachedFileKb, List<string> errors)
    {
        // With the cache off the limit is unused, so no combination is wrong.
        if (cacheMb == 0 || maxCachedFileKb * BytesPerKb <= cacheMb * BytesPerMb)
        {
            return;
        }

        if (raw.MaxCachedFileKb is { } maxRaw)
        {
            string cacheOrigin = raw.CacheMb is { } cacheRaw ? $"set by {cacheRaw.Source}" : "the default";
            errors.Add($"{maxRaw.Source}: {maxCachedFileKb} KiB is larger than the whole cache " +
                $"({cacheMb} MiB, {cacheOrigin})");
        }
        else
        {
            errors.Add($"{raw.CacheMb!.Value.Source}: {cacheMb} MiB cannot hold the largest cacheable file " +
                $"({maxCachedFileKb} KiB, the default of --max-cached-file-kb); raise it, lower " +
                "--max-cached-file-kb, or use 0 to turn the cache off");
        }
    }

    private static void CheckEndpointsDistinct(
        (RawValue? Raw, string Flag, string Path)[] endpoints, List<string> errors)
    {
        for (int later = 1; later < endpoints.Length; later++)
        {
            for (int earlier = 0; earlier < later; earlier++)
            {
                var (laterRaw, laterFlag, laterPath) = endpoints[later];
                var (earlierRaw, earlierFlag, earlierPath) = endpoints[earlier];

                // Kestrel matches paths case-insensitively, so "/Stats" and "/stats" collide too.
                if (laterPath.Length > 0 && laterPath.Equals(earlierPath, StringComparison.OrdinalIgnoreCase))
                {
                    // Blame the value the user set: a default only collides because of it.
                    bool blameLater = laterRaw is not null || earlierRaw is null;
                    string blamed = blameLater ? laterRaw?.Source ?? laterFlag : earlierRaw!.Value.Source;
                    string other = blameLater ? earlierRaw?.Source ?? earlierFlag : laterFlag;
                    errors.Add($"{blamed}: {Quote(blameLater ? laterPath : earlierPath)} is already the path of {other}");
                }
            }
        }
    }
}
