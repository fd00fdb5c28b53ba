using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Parsing;
using StaticServe.Configuration;

namespace StaticServe.Cli;

/// <summary>
/// The System.CommandLine definition of `staticserve [ROOT] [options]`, and the reading of one parse
/// result plus the environment into <see cref="RawServerOptions"/>. Every option is taken as text and
/// parsed by <see cref="ServerOptionsValidator"/>, so that all bad values are reported at once with
/// messages that name the flag.
/// </summary>
internal sealed class StaticServeCommand
{
    /// <summary>The executable name, shown in help and in front of every error line.</summary>
    public const string Name = "staticserve";

    private const string DoubleDash = "--";

    private readonly Command command;
    private readonly Argument<string?> root;
    private readonly (CliSetting Setting, Option Option)[] options;

    // Response files (`@file`) are off: a folder named like an npm scope ("@site") must stay a ROOT.
    private readonly ParserConfiguration parserConfiguration = new() { ResponseFileTokenReplacer = null };

    public StaticServeCommand()
    {
        // A plain Command rather than RootCommand: RootCommand drops a first argument equal to the
        // executable's name, so `staticserve staticserve` would serve "." instead of ./staticserve.
        // Parse() always puts the name first instead, and this Command consumes exactly that token.
        command = new Command(Name, "Serves a folder of static files over HTTP.");
        root = new Argument<string?>("ROOT")
        {
            Arity = ArgumentArity.ZeroOrOne,
            Description = $"Folder to serve [env: {EnvironmentVariableNames.Root}] [default: the current directory]",
        };
        command.Add(root);

        options = [.. CliSettings.All.Select(setting => (setting, CreateOption(setting)))];
        foreach (var (_, option) in options)
        {
            command.Add(option);
        }

        var help = new HelpOption();
        help.Action = new HelpWithFooterAction((HelpAction)help.Action!);
        command.Add(help);
        command.Add(new VersionOption { Action = new VersionAction() });
    }

    public ParseResult Parse(IReadOnlyList<string> args) => command.Parse([Name, .. args], parserConfiguration);

    /// <summary>
    /// Errors in the shape of the command line: System.CommandLine's own (unknown extra arguments, a
    /// missing value, a repeated option) and an unknown `--option`, which it would take for the ROOT.
    /// </summary>
    public IReadOnlyList<string> GetSyntaxErrors(ParseResult parseResult, IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(parseResult);
        ArgumentNullException.ThrowIfNull(args);
        var errors = parseResult.Errors.Select(error => error.Message).ToList();
        if (UnknownOptionTakenAsRoot(parseResult, args) is { } unknown)
        {
            // Worded like System.CommandLine's own message for the same mistake after a ROOT.
            errors.Insert(0, $"Unrecognized command or argument '{unknown}'.");
        }

        return errors;
    }

    /// <summary>
    /// The raw settings: for each option the flag if given, else its STATICSERVE_* variable if set, else
    /// nothing (the default applies). A flag with a syntax error counts as given, so its variable does
    /// not silently stand in for it.
    /// </summary>
    public RawServerOptions ReadRawOptions(
        ParseResult parseResult, IReadOnlyList<string> args, IReadOnlyDictionary<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(parseResult);
        ArgumentNullException.ThrowIfNull(environment);
        var raw = new RawServerOptions { Root = ReadRoot(parseResult, args, environment) };
        foreach (var (setting, option) in options)
        {
            var result = parseResult.GetResult(option);
            if (result is { Implicit: false })
            {
                if (!HasError(parseResult, result))
                {
                    // A switch given bare means "on"; System.CommandLine only lets a true/false follow it.
                    string text = result.Tokens.Count == 0 ? bool.TrueString : result.Tokens[0].Value;
                    raw = setting.Apply(raw, new RawValue(text, setting.Flag));
                }
            }
            else if (environment.TryGetValue(setting.EnvironmentVariable, out string? value) && value is not null)
            {
                raw = setting.Apply(raw, new RawValue(value, setting.EnvironmentVariable));
            }
        }

        return raw;
    }

    /// <summary>STATICSERVE_* variables that match no option: most likely typos, which would otherwise go unnoticed.</summary>
    public IReadOnlyList<string> GetUnknownEnvironmentVariables(IReadOnlyDictionary<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var known = new HashSet<string>(options.Select(o => o.Setting.EnvironmentVariable), StringComparer.Ordinal)
        {
            EnvironmentVariableNames.Root,
        };
        return [.. environment.Keys
            .Where(name => name.StartsWith(EnvironmentVariableNames.Prefix, StringComparison.Ordinal) && !known.Contains(name))
            .Order(StringComparer.Ordinal)];
    }

    public static bool IsHelp(ParseResult parseResult) => parseResult?.Action is HelpWithFooterAction;

    public static bool IsVersion(ParseResult parseResult) => parseResult?.Action is VersionAction;

    private static Option CreateOption(CliSetting setting) => setting.IsSwitch
        ? new Option<bool>(setting.Flag) { Description = setting.HelpText }
        : new Option<string>(setting.Flag) { Description = setting.HelpText, HelpName = setting.ValueName };

    private RawValue? ReadRoot(ParseResult parseResult, IReadOnlyList<string> args, IReadOnlyDictionary<string, string?> environment)
    {
        if (parseResult.GetResult(root) is { Tokens.Count: > 0 } given)
        {
            return UnknownOptionTakenAsRoot(parseResult, args) is null
                ? new RawValue(given.Tokens[0].Value, ServerOptionsValidator.RootArgument)
                : null;
        }

        return environment.TryGetValue(EnvironmentVariableNames.Root, out string? value) && value is not null
            ? new RawValue(value, EnvironmentVariableNames.Root)
            : null;
    }

    /// <summary>
    /// System.CommandLine binds an unknown `--bogus` to the ROOT argument. A ROOT that starts with '-' is
    /// taken as a mistyped option unless the user separated it with `--`, the usual way to pass such names.
    /// </summary>
    private string? UnknownOptionTakenAsRoot(ParseResult parseResult, IReadOnlyList<string> args)
    {
        if (parseResult.GetResult(root) is { Tokens.Count: > 0 } given
            && given.Tokens[0].Value.StartsWith('-')
            && !args.Contains(DoubleDash, StringComparer.Ordinal))
        {
            return given.Tokens[0].Value;
        }

        return null;
    }

    private static bool HasError(ParseResult parseResult, OptionResult result) =>
        parseResult.Errors.Any(error => error.SymbolResult == result || error.SymbolResult?.Parent == result);
}
