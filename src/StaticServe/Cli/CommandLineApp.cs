using System.Collections;
using System.CommandLine;
using StaticServe.Configuration;

namespace StaticServe.Cli;

/// <summary>
/// The whole command-line front end: parse, fill unset options from STATICSERVE_* variables, validate
/// once, and either start the server or explain every problem. Program.Main is one call to <see cref="Run"/>.
/// </summary>
internal static class CommandLineApp
{
    private const string ErrorPrefix = StaticServeCommand.Name + ": ";
    private const string WarningPrefix = ErrorPrefix + "warning: ";

    /// <summary>
    /// Parses <paramref name="args"/>, fills unset options from environment variables (a flag wins),
    /// applies defaults and validates. On success calls <paramref name="runServer"/> and returns its exit
    /// code; on --help / --version prints to <paramref name="output"/> and returns 0; on any error prints
    /// every error to <paramref name="error"/> and returns 1 without calling <paramref name="runServer"/>.
    /// </summary>
    /// <param name="args">The command line, without the executable name.</param>
    /// <param name="runServer">Starts the server with the validated options and returns its exit code.</param>
    /// <param name="environment">The variables to read; null = the process environment.</param>
    /// <param name="output">Where help and version go; null = standard output.</param>
    /// <param name="error">Where errors and warnings go; null = standard error.</param>
    public static int Run(
        string[] args,
        Func<ServerOptions, int> runServer,
        IReadOnlyDictionary<string, string?>? environment = null,
        TextWriter? output = null,
        TextWriter? error = null)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(runServer);
        output ??= Console.Out;
        error ??= Console.Error;
        environment ??= ReadProcessEnvironment();

        var command = new StaticServeCommand();
        var parseResult = command.Parse(args);

        // Help wins over any error, as in every CLI; --version only when it stands alone.
        if (StaticServeCommand.IsHelp(parseResult)
            || (StaticServeCommand.IsVersion(parseResult) && parseResult.Errors.Count == 0))
        {
            return parseResult.Invoke(new InvocationConfiguration { Output = output, Error = error });
        }

        var syntaxErrors = command.GetSyntaxErrors(parseResult, args);
        var validation = ServerOptionsValidator.Validate(command.ReadRawOptions(parseResult, args, environment));
        var warnings = command.GetUnknownEnvironmentVariables(environment)
            .Select(name => $"{name} is not a setting of {StaticServeCommand.Name} and is ignored")
            .Concat(validation.Warnings);

        if (syntaxErrors.Count > 0 || validation.Options is null)
        {
            foreach (string message in syntaxErrors.Concat(validation.Errors))
            {
                error.WriteLine(ErrorPrefix + message);
            }

            WriteWarnings(error, warnings);
            if (syntaxErrors.Count > 0)
            {
                error.WriteLine($"Try '{StaticServeCommand.Name} --help' for more information.");
            }

            return ExitCodes.InvalidOptions;
        }

        WriteWarnings(error, warnings);
        return runServer(validation.Options);
    }

    private static void WriteWarnings(TextWriter error, IEnumerable<string> warnings)
    {
        foreach (string warning in warnings)
        {
            error.WriteLine(WarningPrefix + warning);
        }
    }

    /// <summary>A snapshot of the STATICSERVE_* variables only: nothing else is read, so nothing else is copied.</summary>
    private static Dictionary<string, string?> ReadProcessEnvironment()
    {
        var snapshot = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (DictionaryEntry entry in Environment.GetEnvironmentVariables())
        {
            if (entry.Key is string name && name.StartsWith(EnvironmentVariableNames.Prefix, StringComparison.Ordinal))
            {
                snapshot[name] = entry.Value as string;
            }
        }

        return snapshot;
    }
}
