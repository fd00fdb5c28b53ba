using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;

namespace StaticServe.Cli;

/// <summary>
/// Prints System.CommandLine's generated help, then what it cannot say: how environment variables
/// relate to flags, and the exit codes.
/// </summary>
internal sealed class HelpWithFooterAction(HelpAction inner) : SynchronousCommandLineAction
{
    public const string Footer = """
        Environment:
          Every option can also be set by the variable shown as [env: ...]; a flag on the command
          line wins over its variable. A switch is given bare (--no-etag) or as --no-etag=false;
          its variable takes true/false, 1/0 or yes/no.

        Exit codes:
          0  help or version printed, or the server stopped normally
          1  invalid command line, option value or root folder; nothing was started
        """;

    public override bool ClearsParseErrors => true;

    public override int Invoke(ParseResult parseResult)
    {
        ArgumentNullException.ThrowIfNull(parseResult);
        int exitCode = inner.Invoke(parseResult);
        parseResult.InvocationConfiguration.Output.WriteLine(Footer);
        return exitCode;
    }
}
