using System.CommandLine;
using System.CommandLine.Invocation;
using System.Reflection;

namespace StaticServe.Cli;

/// <summary>
/// Prints the version for `--version`. Replaces System.CommandLine's own action, which reads the entry
/// assembly (the test host's, under a test runner) and prints the `+commit` suffix the SDK appends.
/// </summary>
internal sealed class VersionAction : SynchronousCommandLineAction
{
    /// <summary>The informational version without the `+commit` suffix: what release notes and tags say.</summary>
    public static string Version { get; } = ReadVersion();

    public override int Invoke(ParseResult parseResult)
    {
        ArgumentNullException.ThrowIfNull(parseResult);
        parseResult.InvocationConfiguration.Output.WriteLine(Version);
        return ExitCodes.Success;
    }

    private static string ReadVersion()
    {
        var assembly = typeof(VersionAction).Assembly;
        string version = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
            ?? assembly.GetName().Version?.ToString()
            ?? "unknown";
        int plus = version.IndexOf('+', StringComparison.Ordinal);
        return plus < 0 ? version : version[..plus];
    }
}
