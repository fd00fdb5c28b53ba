using System.Globalization;
using Microsoft.Extensions.Logging;
using StaticServe.Cli;
using StaticServe.Configuration;
using StaticServe.Tests.Configuration;

namespace StaticServe.Tests.Cli;

public sealed class CommandLineAppTests : IDisposable
{
    private readonly TempFolder root = new();

    public void Dispose() => root.Dispose();

    /// <summary>flag, value, ServerOptions property, expected value as text.</summary>
    public static TheoryData<string, string, string, string> ValueCases => new()
    {
        { "--host", "0.0.0.0", nameof(ServerOptions.Host), "0.0.0.0" },
        { "--host", "::", nameof(ServerOptions.Host), "::" },
        { "--host", "[::1]", nameof(ServerOptions.Host), "::1" },
        { "--host", "192.168.1.5", nameof(ServerOptions.Host), "192.168.1.5" },
        { "--host", "LocalHost", nameof(ServerOptions.Host), "localhost" },
        { "--host", "*", nameof(ServerOptions.Host), "*" },
        { "--port", "9090", nameof(ServerOptions.Port), "9090" },
        { "--port", "0", nameof(ServerOptions.Port), "0" },
        { "--port", "65535", nameof(ServerOptions.Port), "65535" },
        { "--cache-mb", "10", nameof(ServerOptions.CacheBytes), "10485760" },
        { "--cache-mb", "0", nameof(ServerOptions.CacheBytes), "0" },
        { "--max-cached-file-kb", "512", nameof(ServerOptions.MaxCachedFileBytes), "524288" },
        { "--buffer-kb", "4", nameof(ServerOptions.BufferBytes), "4096" },
        { "--buffer-kb", "1024", nameof(ServerOptions.BufferBytes), "1048576" },
        { "--pool-mb", "1", nameof(ServerOptions.PoolBytes), "1048576" },
        { "--revalidate-ms", "0", nameof(ServerOptions.RevalidateMs), "0" },
        { "--revalidate-ms", "999", nameof(ServerOptions.RevalidateMs), "999" },
        { "--cache-control", "no-store", nameof(ServerOptions.CacheControl), "no-store" },
        { "--cache-control", " no-cache ", nameof(ServerOptions.CacheControl), "no-cache" },
        { "--prefix", "/docs", nameof(ServerOptions.Prefix), "/docs/" },
        { "--prefix", "/docs/v1/", nameof(ServerOptions.Prefix), "/docs/v1/" },
        { "--prefix", "/", nameof(ServerOptions.Prefix), "/" },
        { "--index", "default.htm", nameof(ServerOptions.IndexFile), "default.htm" },
        { "--index", "", nameof(ServerOptions.IndexFile), "" },
        { "--dotfiles", "ALLOW", nameof(ServerOptions.Dotfiles), "Allow" },
        { "--dotfiles", "ignore", nameof(ServerOptions.Dotfiles), "Ignore" },
        { "--stats-path", "/_stats", nameof(ServerOptions.StatsPath), "/_stats" },
        { "--stats-path", "", nameof(ServerOptions.StatsPath), "" },
        { "--health-path", "/live", nameof(ServerOptions.HealthPath), "/live" },
        { "--health-path", "", nameof(ServerOptions.HealthPath), "" },
        { "--ready-path", "/ready", nameof(ServerOptions.ReadyPath), "/ready" },
        { "--ready-path", "", nameof(ServerOptions.ReadyPath), "" },
        { "--shutdown-timeout", "0", nameof(ServerOptions.ShutdownTimeoutSeconds), "0" },
        { "--shutdown-timeout", "3600", nameof(ServerOptions.ShutdownTimeoutSeconds), "3600" },
        { "--log-level", "trace", nameof(ServerOptions.LogLevel), "Trace" },
        { "--log-level", "DEBUG", nameof(ServerOptions.LogLevel), "Debug" },
        { "--log-level", "information", nameof(ServerOptions.LogLevel), "Information" },
        { "--log-level", "info", nameof(ServerOptions.LogLevel), "Information" },
        { "--log-level", "warning", nameof(ServerOptions.LogLevel), "Warning" },
        { "--log-level", "warn", nameof(ServerOptions.LogLevel), "Warning" },
        { "--log-level", "error", nameof(ServerOptions.LogLevel), "Error" },
        { "--log-level", "critical", nameof(ServerOptions.LogLevel), "Critical" },
        { "--log-level", "none", nameof(ServerOptions.LogLevel), "None" },
        { "--log-format", "json", nameof(ServerOptions.LogFormat), "Json" },
        { "--log-format", "TEXT", nameof(ServerOptions.LogFormat), "Text" },
        { "--stats-log-seconds", "60", nameof(ServerOptions.StatsLogSeconds), "60" },
        { "--no-etag", "true", nameof(ServerOptions.ETags), "False" },
        { "--no-etag", "false", nameof(ServerOptions.ETags), "True" },
        { "--no-last-modified", "true", nameof(ServerOptions.LastModified), "False" },
        { "--no-ranges", "true", nameof(ServerOptions.Ranges), "False" },
        { "--stream-via-pool", "true", nameof(ServerOptions.StreamViaPool), "True" },
        { "--no-sendfile", "true", nameof(ServerOptions.Sendfile), "False" },
        { "--access-log", "true", nameof(ServerOptions.AccessLog), "True" },
    };

    [Fact]
    public void Run_OnlyRoot_CallsServerOnceWithEveryDefault()
    {
        var run = CliRun.Start([root.Path]);

        Assert.Equal(CliRun.ServerExitCode, run.ExitCode);
        Assert.Equal(1, run.ServerCalls);
        Assert.Equal(string.Empty, run.Error);
        Assert.Equal(string.Empty, run.Output);
        var options = run.Options!;
        Assert.Equal(root.Path, options.Root);
        Assert.Equal("localhost", options.Host);
        Assert.Equal(8080, options.Port);
        Assert.Equal(50L * 1024 * 1024, options.CacheBytes);
        Assert.Equal(2048L * 1024, options.MaxCachedFileBytes);
        Assert.Equal(64 * 1024, options.BufferBytes);
        Assert.Equal(100L * 1024 * 1024, options.PoolBytes);
        Assert.Equal(500, options.RevalidateMs);
        Assert.Equal("public, max-age=86400", options.CacheControl);
        Assert.False(options.CacheControlExplicit);
        Assert.True(options.ETags);
        Assert.True(options.LastModified);
        Assert.True(options.Ranges);
        Assert.Equal("/", options.Prefix);
        Assert.Equal("index.html", options.IndexFile);
        Assert.Equal(DotfilesPolicy.Ignore, options.Dotfiles);
        Assert.Equal("/stats", options.StatsPath);
        Assert.Equal("/healthz", options.HealthPath);
        Assert.Equal("/readyz", options.ReadyPath);
        Assert.Equal(30, options.ShutdownTimeoutSeconds);
        Assert.Equal(LogLevel.Information, options.LogLevel);
        Assert.Equal(LogFormat.Text, options.LogFormat);
        Assert.False(options.AccessLog);
        Assert.Equal(0, options.StatsLogSeconds);
        Assert.Equal(new ServerOptions { Root = root.Path }, options);
    }

    [Fact]
    public void Run_NoRootAnywhere_ServesCurrentDirectory()
    {
        var run = CliRun.Start([]);

        Assert.Equal(CliRun.ServerExitCode, run.ExitCode);
        Assert.Equal(Path.TrimEndingDirectorySeparator(Environment.CurrentDirectory), run.Options!.Root);
    }

    [Theory]
    [MemberData(nameof(ValueCases))]
    public void Run_FlagGiven_SetsOption(string flag, string value, string property, string expected)
    {
        var run = CliRun.Start([root.Path, flag, value]);

        Assert.Equal(string.Empty, run.Error);
        Assert.Equal(expected, OptionValue(run.Options!, property));
    }

    [Theory]
    [MemberData(nameof(ValueCases))]
    public void Run_EnvironmentVariableSet_SetsOption(string flag, string value, string property, string expected)
    {
        var environment = new Dictionary<string, string?> { [EnvironmentVariableNames.ForFlag(flag)] = value };

        var run = CliRun.Start([root.Path], environment);

        Assert.Equal(string.Empty, run.Error);
        Assert.Equal(expected, OptionValue(run.Options!, property));
    }

    [Theory]
    [InlineData("--no-etag", nameof(ServerOptions.ETags), "False")]
    [InlineData("--no-last-modified", nameof(ServerOptions.LastModified), "False")]
    [InlineData("--no-ranges", nameof(ServerOptions.Ranges), "False")]
    [InlineData("--stream-via-pool", nameof(ServerOptions.StreamViaPool), "True")]
    [InlineData("--no-sendfile", nameof(ServerOptions.Sendfile), "False")]
    [InlineData("--access-log", nameof(ServerOptions.AccessLog), "True")]
    public void Run_SwitchGivenBare_TurnsItOn(string flag, string property, string expected)
    {
        var run = CliRun.Start([flag, root.Path]);

        Assert.Equal(string.Empty, run.Error);
        Assert.Equal(root.Path, run.Options!.Root);
        Assert.Equal(expected, OptionValue(run.Options, property));
    }

    [Theory]
    [InlineData("--no-etag=false", true)]
    [InlineData("--no-etag=true", false)]
    [InlineData("--no-etag:false", true)]
    public void Run_SwitchWithAttachedValue_UsesTheValue(string argument, bool expectedETags)
    {
        var run = CliRun.Start([root.Path, argument]);

        Assert.Equal(expectedETags, run.Options!.ETags);
    }

    [Fact]
    public void Run_SwitchFollowedByNonBoolean_TakesItAsRoot()
    {
        // System.CommandLine lets only true/false follow a switch, so "yes" is the ROOT argument here.
        var run = CliRun.Start(["--no-etag", "yes"]);

        Assert.Equal(ExitCodes.InvalidOptions, run.ExitCode);
        Assert.Equal(["staticserve: root folder 'yes' does not exist"], run.ErrorLines);
    }

    [Theory]
    [InlineData("true", false)]
    [InlineData("TRUE", false)]
    [InlineData("1", false)]
    [InlineData("yes", false)]
    [InlineData("Yes", false)]
    [InlineData("false", true)]
    [InlineData("0", true)]
    [InlineData("no", true)]
    public void Run_SwitchVariableWord_IsReadAsBoolean(string word, bool expectedETags)
    {
        var environment = new Dictionary<string, string?> { ["STATICSERVE_NO_ETAG"] = word };

        var run = CliRun.Start([root.Path], environment);

        Assert.Equal(expectedETags, run.Options!.ETags);
    }

    [Theory]
    [InlineData("--port", "9090", "STATICSERVE_PORT", "7070", nameof(ServerOptions.Port), "9090")]
    [InlineData("--port", "9090", "STATICSERVE_PORT", "not-a-number", nameof(ServerOptions.Port), "9090")]
    [InlineData("--log-level", "error", "STATICSERVE_LOG_LEVEL", "debug", nameof(ServerOptions.LogLevel), "Error")]
    [InlineData("--no-etag", "false", "STATICSERVE_NO_ETAG", "true", nameof(ServerOptions.ETags), "True")]
    [InlineData("--stats-path", "", "STATICSERVE_STATS_PATH", "/s", nameof(ServerOptions.StatsPath), "")]
    [InlineData("--prefix", "/a", "STATICSERVE_PREFIX", "/b", nameof(ServerOptions.Prefix), "/a/")]
    public void Run_FlagAndVariableBothSet_FlagWins(
        string flag, string flagValue, string variable, string variableValue, string property, string expected)
    {
        var environment = new Dictionary<string, string?> { [variable] = variableValue };

        var run = CliRun.Start([root.Path, flag, flagValue], environment);

        Assert.Equal(string.Empty, run.Error);
        Assert.Equal(expected, OptionValue(run.Options!, property));
    }

    [Fact]
    public void Run_RootArgumentAndRootVariable_ArgumentWins()
    {
        using var other = new TempFolder();
        var environment = new Dictionary<string, string?> { ["STATICSERVE_ROOT"] = other.Path };

        var run = CliRun.Start([root.Path], environment);

        Assert.Equal(root.Path, run.Options!.Root);
    }

    [Fact]
    public void Run_OnlyRootVariable_ServesIt()
    {
        var environment = new Dictionary<string, string?> { ["STATICSERVE_ROOT"] = root.Path };

        var run = CliRun.Start([], environment);

        Assert.Equal(root.Path, run.Options!.Root);
    }

    [Fact]
    public void Run_VariableWithNullValue_IsTreatedAsUnset()
    {
        var environment = new Dictionary<string, string?> { ["STATICSERVE_PORT"] = null };

        var run = CliRun.Start([root.Path], environment);

        Assert.Equal(string.Empty, run.Error);
        Assert.Equal(ServerOptions.DefaultPort, run.Options!.Port);
    }

    [Theory]
    [InlineData(false, null, false)]
    [InlineData(true, null, true)]
    [InlineData(false, "private, max-age=60", true)]
    public void Run_CacheControlFromFlagOrVariable_IsMarkedExplicit(bool flag, string? variable, bool expected)
    {
        var environment = new Dictionary<string, string?> { ["STATICSERVE_CACHE_CONTROL"] = variable };
        string[] args = flag ? [root.Path, "--cache-control", "public, max-age=86400"] : [root.Path];

        var run = CliRun.Start(args, environment);

        Assert.Equal(expected, run.Options!.CacheControlExplicit);
        Assert.Equal(variable ?? ServerOptions.DefaultCacheControl, run.Options.CacheControl);
    }

    [Theory]
    [InlineData("", "")]
    [InlineData("/", "")]
    [InlineData("/sub/..", "")]
    [InlineData("/./", "")]
    public void Run_RootWithTrailingOrDotSegments_IsStoredNormalized(string prefix, string suffix)
    {
        var run = CliRun.Start([root.Path + prefix + suffix]);

        Assert.Equal(root.Path, run.Options!.Root);
    }

    [Fact]
    public void Run_FileSystemRoot_KeepsItsSeparator()
    {
        var run = CliRun.Start(["/"]);

        Assert.Equal("/", run.Options!.Root);
    }

    [Fact]
    public void Run_FirstArgumentIsTheExecutableName_IsTakenAsRoot()
    {
        // System.CommandLine's RootCommand drops a first argument equal to the executable's name, which
        // would serve "." for `staticserve staticserve`; here it must be the ROOT ./staticserve.
        var run = CliRun.Start([StaticServeCommand.Name]);

        Assert.Equal(ExitCodes.InvalidOptions, run.ExitCode);
        // The test's working directory holds the built `staticserve` executable: a file, not a folder.
        Assert.StartsWith("staticserve: root folder 'staticserve' ", run.ErrorLines.Single(), StringComparison.Ordinal);
    }

    [Fact]
    public void Run_RootDoesNotExist_PrintsOneLineAndExits1WithoutServer()
    {
        string missing = Path.Combine(root.Path, "nope");

        var run = CliRun.Start([missing]);

        Assert.Equal(ExitCodes.InvalidOptions, run.ExitCode);
        Assert.Equal(0, run.ServerCalls);
        Assert.Equal($"staticserve: root folder '{missing}' does not exist" + Environment.NewLine, run.Error);
        Assert.Equal(string.Empty, run.Output);
    }

    [Fact]
    public void Run_RootIsAFile_PrintsOneLineAndExits1()
    {
        string file = root.CreateFile("page.html");

        var run = CliRun.Start([file]);

        Assert.Equal(ExitCodes.InvalidOptions, run.ExitCode);
        Assert.Equal(0, run.ServerCalls);
        Assert.Equal($"staticserve: root folder '{file}' is a file, not a folder" + Environment.NewLine, run.Error);
    }

    [Fact]
    public void Run_RootVariableDoesNotExist_ErrorNamesTheVariable()
    {
        string missing = Path.Combine(root.Path, "gone");
        var environment = new Dictionary<string, string?> { ["STATICSERVE_ROOT"] = missing };

        var run = CliRun.Start([], environment);

        Assert.Equal(ExitCodes.InvalidOptions, run.ExitCode);
        Assert.Equal($"staticserve: STATICSERVE_ROOT: root folder '{missing}' does not exist", run.ErrorLines.Single());
    }

    [Fact]
    public void Run_EmptyRoot_IsRejected()
    {
        var run = CliRun.Start([""]);

        Assert.Equal(ExitCodes.InvalidOptions, run.ExitCode);
        Assert.Equal("staticserve: root folder must not be empty", run.ErrorLines.Single());
    }

    [Theory]
    [InlineData("--port: 70000 is not a valid port (0-65535)", "--port", "70000")]
    [InlineData("--port: -1 is not a valid port (0-65535)", "--port", "-1")]
    [InlineData("--port: 99999999999999999999 is not a valid port (0-65535)", "--port", "99999999999999999999")]
    [InlineData("--port: 'abc' is not a whole number", "--port", "abc")]
    [InlineData("--port: '80.5' is not a whole number", "--port", "80.5")]
    [InlineData("--port: '' is not a whole number", "--port", "")]
    [InlineData("--port: ' 80' is not a whole number", "--port", " 80")]
    [InlineData("--cache-mb: -1 is not a valid cache size (0-1048576 MiB; 0 turns the cache off)", "--cache-mb", "-1")]
    [InlineData("--max-cached-file-kb: 0 is not a valid file size limit (1-2097151 KiB)", "--max-cached-file-kb", "0")]
    [InlineData("--buffer-kb: 100 is not a valid buffer size (a power of two from 4 to 1024 KiB)", "--buffer-kb", "100")]
    [InlineData("--buffer-kb: 2 is not a valid buffer size (a power of two from 4 to 1024 KiB)", "--buffer-kb", "2")]
    [InlineData("--buffer-kb: 2048 is not a valid buffer size (a power of two from 4 to 1024 KiB)", "--buffer-kb", "2048")]
    [InlineData("--pool-mb: 0 is not a valid pool size (1-1048576 MiB; at least one buffer must fit)", "--pool-mb", "0")]
    [InlineData("--revalidate-ms: 60001 is not a valid interval (0-60000 ms)", "--revalidate-ms", "60001")]
    [InlineData("--shutdown-timeout: 3601 is not a valid timeout (0-3600 s)", "--shutdown-timeout", "3601")]
    [InlineData("--stats-log-seconds: -5 is not a valid interval (0-86400 s; 0 turns it off)", "--stats-log-seconds", "-5")]
    [InlineData("--dotfiles: 'maybe' is not one of: ignore, allow", "--dotfiles", "maybe")]
    [InlineData("--log-level: 'verbose' is not one of: trace, debug, information (info), warning (warn), error, critical, none", "--log-level", "verbose")]
    [InlineData("--log-format: 'xml' is not one of: text, json", "--log-format", "xml")]
    [InlineData("--host: 'example.com' is not localhost, * or an IP address (use 0.0.0.0 or :: to listen on every interface)", "--host", "example.com")]
    [InlineData("--cache-control: must not be empty (use 'no-store' to forbid caching)", "--cache-control", " ")]
    [InlineData("--cache-control: 'public\\r\\nSet-Cookie: a=b' may contain only printable ASCII (no CR, LF or other control characters)", "--cache-control", "public\r\nSet-Cookie: a=b")]
    [InlineData("--prefix: 'docs' must start with '/'", "--prefix", "docs")]
    [InlineData("--prefix: '/a/../b' must not contain a '.' or '..' segment", "--prefix", "/a/../b")]
    [InlineData("--index: '../secret' is not a plain file name (no '/', '\\', '.', '..' or control characters; empty turns index files off)", "--index", "../secret")]
    [InlineData("--stats-path: 'stats' must start with '/'", "--stats-path", "stats")]
    [InlineData("--health-path: '/stats' is already the path of --stats-path", "--health-path", "/stats")]
    [InlineData("--max-cached-file-kb: 4096 KiB is larger than the whole cache (2 MiB, set by --cache-mb)", "--cache-mb", "2", "--max-cached-file-kb", "4096")]
    [InlineData("--cache-mb: 1 MiB cannot hold the largest cacheable file (2048 KiB, the default of --max-cached-file-kb); raise it, lower --max-cached-file-kb, or use 0 to turn the cache off", "--cache-mb", "1")]
    public void Run_InvalidValue_PrintsItsErrorAndExits1WithoutServer(string expected, params string[] args)
    {
        var run = CliRun.Start([root.Path, .. args]);

        Assert.Equal(ExitCodes.InvalidOptions, run.ExitCode);
        Assert.Equal(0, run.ServerCalls);
        Assert.Equal(["staticserve: " + expected], run.ErrorLines);
        Assert.Equal(string.Empty, run.Output);
    }

    [Theory]
    [InlineData("STATICSERVE_PORT", "abc", "STATICSERVE_PORT: 'abc' is not a whole number")]
    [InlineData("STATICSERVE_PORT", "", "STATICSERVE_PORT: '' is not a whole number")]
    [InlineData("STATICSERVE_NO_ETAG", "maybe", "STATICSERVE_NO_ETAG: 'maybe' is not one of: true, false, 1, 0, yes, no")]
    [InlineData("STATICSERVE_ACCESS_LOG", "on", "STATICSERVE_ACCESS_LOG: 'on' is not one of: true, false, 1, 0, yes, no")]
    [InlineData("STATICSERVE_DOTFILES", "deny", "STATICSERVE_DOTFILES: 'deny' is not one of: ignore, allow")]
    [InlineData("STATICSERVE_BUFFER_KB", "48", "STATICSERVE_BUFFER_KB: 48 is not a valid buffer size (a power of two from 4 to 1024 KiB)")]
    [InlineData("STATICSERVE_MAX_CACHED_FILE_KB", "99999", "STATICSERVE_MAX_CACHED_FILE_KB: 99999 KiB is larger than the whole cache (50 MiB, the default)")]
    public void Run_InvalidVariable_ErrorNamesTheVariable(string variable, string value, string expected)
    {
        var environment = new Dictionary<string, string?> { [variable] = value };

        var run = CliRun.Start([root.Path], environment);

        Assert.Equal(ExitCodes.InvalidOptions, run.ExitCode);
        Assert.Equal(0, run.ServerCalls);
        Assert.Equal(["staticserve: " + expected], run.ErrorLines);
    }

    [Fact]
    public void Run_SeveralInvalidValues_ListsEveryErrorInOptionOrder()
    {
        var environment = new Dictionary<string, string?> { ["STATICSERVE_LOG_LEVEL"] = "loud" };
        string missing = Path.Combine(root.Path, "missing");

        var run = CliRun.Start(
            [missing, "--dotfiles", "x", "--port", "70000", "--cache-mb", "-1", "--prefix", "a"], environment);

        Assert.Equal(ExitCodes.InvalidOptions, run.ExitCode);
        Assert.Equal(0, run.ServerCalls);
        Assert.Equal(
            [
                $"staticserve: root folder '{missing}' does not exist",
                "staticserve: --port: 70000 is not a valid port (0-65535)",
                "staticserve: --cache-mb: -1 is not a valid cache size (0-1048576 MiB; 0 turns the cache off)",
                "staticserve: --prefix: 'a' must start with '/'",
                "staticserve: --dotfiles: 'x' is not one of: ignore, allow",
                "staticserve: STATICSERVE_LOG_LEVEL: 'loud' is not one of: trace, debug, information (info), warning (warn), error, critical, none",
            ],
            run.ErrorLines);
    }

    [Fact]
    public void Run_SyntaxErrorAndInvalidValue_ListsBothThenHint()
    {
        var run = CliRun.Start([root.Path, "extra", "--port", "abc"]);

        Assert.Equal(ExitCodes.InvalidOptions, run.ExitCode);
        Assert.Equal(0, run.ServerCalls);
        Assert.Equal(
            [
                "staticserve: Unrecognized command or argument 'extra'.",
                "staticserve: --port: 'abc' is not a whole number",
                "Try 'staticserve --help' for more information.",
            ],
            run.ErrorLines);
    }

    [Theory]
    [InlineData("staticserve: Unrecognized command or argument '--bogus'.", "--bogus")]
    [InlineData("staticserve: Unrecognized command or argument '--bogus'.", "--bogus", "--port", "9090")]
    [InlineData("staticserve: Required argument missing for option: '--port'.", "--port")]
    [InlineData("staticserve: Option '--port' expects a single argument but 2 were provided.", "--port", "1", "--port", "2")]
    public void Run_SyntaxError_PrintsItWithHintAndExits1(string expected, params string[] args)
    {
        var run = CliRun.Start(args);

        Assert.Equal(ExitCodes.InvalidOptions, run.ExitCode);
        Assert.Equal(0, run.ServerCalls);
        Assert.Equal([expected, "Try 'staticserve --help' for more information."], run.ErrorLines);
        Assert.Equal(string.Empty, run.Output);
    }

    [Fact]
    public void Run_UnknownOptionAfterRoot_IsReportedNotServed()
    {
        var run = CliRun.Start([root.Path, "--bogus"]);

        Assert.Equal(ExitCodes.InvalidOptions, run.ExitCode);
        Assert.Equal("staticserve: Unrecognized command or argument '--bogus'.", run.ErrorLines[0]);
    }

    [Fact]
    public void Run_DashNameAfterDoubleDash_IsTakenAsRoot()
    {
        var run = CliRun.Start(["--", "--bogus"]);

        Assert.Equal(ExitCodes.InvalidOptions, run.ExitCode);
        Assert.Equal(["staticserve: root folder '--bogus' does not exist"], run.ErrorLines);
    }

    [Fact]
    public void Run_ErroneousFlag_DoesNotFallBackToItsVariable()
    {
        var environment = new Dictionary<string, string?> { ["STATICSERVE_PORT"] = "9090" };

        var run = CliRun.Start([root.Path, "--port", "1", "--port", "2"], environment);

        Assert.Equal(ExitCodes.InvalidOptions, run.ExitCode);
        Assert.Equal(0, run.ServerCalls);
    }

    [Fact]
    public void Run_ResponseFileSyntax_IsTakenAsRootFolderName()
    {
        // `@name` is a folder name here (npm scopes), never a response file to expand.
        string folder = Path.Combine(root.Path, "@site");
        Directory.CreateDirectory(folder);

        var run = CliRun.Start([folder]);

        Assert.Equal(folder, run.Options!.Root);
    }

    [Theory]
    [InlineData("--help")]
    [InlineData("-h")]
    [InlineData("-?")]
    [InlineData("--help", "--bogus")]
    [InlineData("--port", "abc", "--help")]
    public void Run_Help_PrintsEveryOptionVariableAndDefaultThenExits0(params string[] args)
    {
        var run = CliRun.Start(args);

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Equal(0, run.ServerCalls);
        Assert.Equal(string.Empty, run.Error);
        string help = CollapseWhitespace(run.Output);
        Assert.Contains("Usage: staticserve [<ROOT>] [options]", help, StringComparison.Ordinal);
        Assert.Contains("[env: STATICSERVE_ROOT] [default: the current directory]", help, StringComparison.Ordinal);
        foreach (var setting in CliSettings.All)
        {
            Assert.Contains(setting.Flag, help, StringComparison.Ordinal);
            Assert.Contains(CollapseWhitespace(setting.HelpText), help, StringComparison.Ordinal);
        }

        Assert.Contains("--version", help, StringComparison.Ordinal);
        Assert.Contains(CollapseWhitespace(HelpWithFooterAction.Footer), help, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--port", "[env: STATICSERVE_PORT] [default: 8080]")]
    [InlineData("--host", "[env: STATICSERVE_HOST] [default: localhost]")]
    [InlineData("--cache-mb", "[env: STATICSERVE_CACHE_MB] [default: 50]")]
    [InlineData("--max-cached-file-kb", "[env: STATICSERVE_MAX_CACHED_FILE_KB] [default: 2048]")]
    [InlineData("--buffer-kb", "[env: STATICSERVE_BUFFER_KB] [default: 64]")]
    [InlineData("--pool-mb", "[env: STATICSERVE_POOL_MB] [default: 100]")]
    [InlineData("--revalidate-ms", "[env: STATICSERVE_REVALIDATE_MS] [default: 500]")]
    [InlineData("--cache-control", "[env: STATICSERVE_CACHE_CONTROL] [default: public, max-age=86400]")]
    [InlineData("--no-etag", "[env: STATICSERVE_NO_ETAG] [default: off]")]
    [InlineData("--no-last-modified", "[env: STATICSERVE_NO_LAST_MODIFIED] [default: off]")]
    [InlineData("--no-ranges", "[env: STATICSERVE_NO_RANGES] [default: off]")]
    [InlineData("--stream-via-pool", "[env: STATICSERVE_STREAM_VIA_POOL] [default: off]")]
    [InlineData("--no-sendfile", "[env: STATICSERVE_NO_SENDFILE] [default: off]")]
    [InlineData("--prefix", "[env: STATICSERVE_PREFIX] [default: /]")]
    [InlineData("--index", "[env: STATICSERVE_INDEX] [default: index.html]")]
    [InlineData("--dotfiles", "[env: STATICSERVE_DOTFILES] [default: ignore]")]
    [InlineData("--stats-path", "[env: STATICSERVE_STATS_PATH] [default: /stats]")]
    [InlineData("--health-path", "[env: STATICSERVE_HEALTH_PATH] [default: /healthz]")]
    [InlineData("--ready-path", "[env: STATICSERVE_READY_PATH] [default: /readyz]")]
    [InlineData("--shutdown-timeout", "[env: STATICSERVE_SHUTDOWN_TIMEOUT] [default: 30]")]
    [InlineData("--log-level", "[env: STATICSERVE_LOG_LEVEL] [default: information]")]
    [InlineData("--log-format", "[env: STATICSERVE_LOG_FORMAT] [default: text]")]
    [InlineData("--access-log", "[env: STATICSERVE_ACCESS_LOG] [default: off]")]
    [InlineData("--stats-log-seconds", "[env: STATICSERVE_STATS_LOG_SECONDS] [default: 0]")]
    public void Run_Help_ShowsTheDocumentedVariableAndDefaultOfEachOption(string flag, string expected)
    {
        var run = CliRun.Start(["--help"]);

        string help = CollapseWhitespace(run.Output);
        int flagAt = help.IndexOf(" " + flag + " ", StringComparison.Ordinal);
        Assert.True(flagAt >= 0, $"{flag} missing from help");
        int nextOption = help.IndexOf(" --", flagAt + flag.Length + 1, StringComparison.Ordinal);
        Assert.Contains(expected, help[flagAt..nextOption], StringComparison.Ordinal);
    }

    [Fact]
    public void Run_Version_PrintsBareVersionAndExits0()
    {
        var run = CliRun.Start(["--version"]);

        Assert.Equal(ExitCodes.Success, run.ExitCode);
        Assert.Equal(0, run.ServerCalls);
        Assert.Equal("0.1.0" + Environment.NewLine, run.Output);
        Assert.Equal(string.Empty, run.Error);
    }

    [Fact]
    public void Run_VersionWithOtherArguments_IsAnError()
    {
        var run = CliRun.Start(["--version", "--port", "1"]);

        Assert.Equal(ExitCodes.InvalidOptions, run.ExitCode);
        Assert.Equal(0, run.ServerCalls);
        Assert.Equal(string.Empty, run.Output);
        Assert.Equal(
            ["staticserve: --version option cannot be combined with other arguments.", "Try 'staticserve --help' for more information."],
            run.ErrorLines);
    }

    [Fact]
    public void Run_ServerReturnsCode_RunReturnsTheSameCode()
    {
        var run = CliRun.Start([root.Path]);

        Assert.Equal(CliRun.ServerExitCode, run.ExitCode);
    }

    [Fact]
    public void Run_UnknownStaticServeVariable_WarnsAndStillServes()
    {
        var environment = new Dictionary<string, string?> { ["STATICSERVE_PROT"] = "9090", ["OTHER_PORT"] = "1" };

        var run = CliRun.Start([root.Path], environment);

        Assert.Equal(CliRun.ServerExitCode, run.ExitCode);
        Assert.Equal(
            ["staticserve: warning: STATICSERVE_PROT is not a setting of staticserve and is ignored"], run.ErrorLines);
    }

    [Fact]
    public void Run_RevalidateOverOneSecond_WarnsAndStillServes()
    {
        var run = CliRun.Start([root.Path, "--revalidate-ms", "5000"]);

        Assert.Equal(CliRun.ServerExitCode, run.ExitCode);
        Assert.Equal(5000, run.Options!.RevalidateMs);
        Assert.Equal(
            ["staticserve: warning: --revalidate-ms: a changed file may be served from the cache for up to 5000 ms, longer than the 1000 ms freshness target"],
            run.ErrorLines);
    }

    [Fact]
    public void Run_ErrorsAndWarnings_PrintsErrorsFirst()
    {
        var run = CliRun.Start([root.Path, "--revalidate-ms", "5000", "--port", "x"]);

        Assert.Equal(ExitCodes.InvalidOptions, run.ExitCode);
        Assert.Equal(2, run.ErrorLines.Length);
        Assert.StartsWith("staticserve: --port:", run.ErrorLines[0], StringComparison.Ordinal);
        Assert.StartsWith("staticserve: warning: --revalidate-ms:", run.ErrorLines[1], StringComparison.Ordinal);
    }

    [Fact]
    public void Run_NoEnvironmentGiven_ReadsTheProcessEnvironment()
    {
        // The only test that touches the process environment; every other one passes a dictionary.
        const string Variable = "STATICSERVE_SHUTDOWN_TIMEOUT";
        Environment.SetEnvironmentVariable(Variable, "7");
        try
        {
            using var error = new StringWriter();
            ServerOptions? received = null;

            int exitCode = CommandLineApp.Run([root.Path], o => { received = o; return 0; }, null, TextWriter.Null, error);

            Assert.Equal(0, exitCode);
            Assert.Equal(7, received!.ShutdownTimeoutSeconds);
        }
        finally
        {
            Environment.SetEnvironmentVariable(Variable, null);
        }
    }

    private static string CollapseWhitespace(string text) =>
        string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));

    private static string OptionValue(ServerOptions options, string property) => property switch
    {
        nameof(ServerOptions.Host) => options.Host,
        nameof(ServerOptions.Port) => options.Port.ToString(CultureInfo.InvariantCulture),
        nameof(ServerOptions.CacheBytes) => options.CacheBytes.ToString(CultureInfo.InvariantCulture),
        nameof(ServerOptions.MaxCachedFileBytes) => options.MaxCachedFileBytes.ToString(CultureInfo.InvariantCulture),
        nameof(ServerOptions.BufferBytes) => options.BufferBytes.ToString(CultureInfo.InvariantCulture),
        nameof(ServerOptions.PoolBytes) => options.PoolBytes.ToString(CultureInfo.InvariantCulture),
        nameof(ServerOptions.RevalidateMs) => options.RevalidateMs.ToString(CultureInfo.InvariantCulture),
        nameof(ServerOptions.CacheControl) => options.CacheControl,
        nameof(ServerOptions.ETags) => options.ETags.ToString(),
        nameof(ServerOptions.LastModified) => options.LastModified.ToString(),
        nameof(ServerOptions.Ranges) => options.Ranges.ToString(),
        nameof(ServerOptions.StreamViaPool) => options.StreamViaPool.ToString(),
        nameof(ServerOptions.Sendfile) => options.Sendfile.ToString(),
        nameof(ServerOptions.Prefix) => options.Prefix,
        nameof(ServerOptions.IndexFile) => options.IndexFile,
        nameof(ServerOptions.Dotfiles) => options.Dotfiles.ToString(),
        nameof(ServerOptions.StatsPath) => options.StatsPath,
        nameof(ServerOptions.HealthPath) => options.HealthPath,
        nameof(ServerOptions.ReadyPath) => options.ReadyPath,
        nameof(ServerOptions.ShutdownTimeoutSeconds) => options.ShutdownTimeoutSeconds.ToString(CultureInfo.InvariantCulture),
        nameof(ServerOptions.LogLevel) => options.LogLevel.ToString(),
        nameof(ServerOptions.LogFormat) => options.LogFormat.ToString(),
        nameof(ServerOptions.AccessLog) => options.AccessLog.ToString(),
        nameof(ServerOptions.StatsLogSeconds) => options.StatsLogSeconds.ToString(CultureInfo.InvariantCulture),
        _ => throw new ArgumentOutOfRangeException(nameof(property), property, "no such option in the test table"),
    };
}
