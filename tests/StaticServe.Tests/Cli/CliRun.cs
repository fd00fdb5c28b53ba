using StaticServe.Cli;
using StaticServe.Configuration;

namespace StaticServe.Tests.Cli;

/// <summary>
/// One in-process run of <see cref="CommandLineApp.Run"/> with captured output, error and the options
/// the fake server received (null when it was not called).
/// </summary>
internal sealed record CliRun(int ExitCode, string Output, string Error, ServerOptions? Options, int ServerCalls)
{
    /// <summary>The exit code the fake server returns, distinct from 0 and 1 so pass-through is visible.</summary>
    public const int ServerExitCode = 42;

    public static CliRun Start(string[] args, IReadOnlyDictionary<string, string?>? environment = null)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        ServerOptions? received = null;
        int calls = 0;
        int exitCode = CommandLineApp.Run(
            args,
            options =>
            {
                received = options;
                calls++;
                return ServerExitCode;
            },
            environment ?? new Dictionary<string, string?>(),
            output,
            error);
        return new CliRun(exitCode, output.ToString(), error.ToString(), received, calls);
    }

    /// <summary>Error output split into lines, without the final empty one.</summary>
    public string[] ErrorLines => Error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
}
