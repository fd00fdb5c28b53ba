using StaticServe.Configuration;

namespace StaticServe.Cli;

/// <summary>
/// One option of the command line: its flag, how help describes it, and which raw setting it fills.
/// The environment-variable twin and the help text are derived, so they cannot drift apart.
/// </summary>
/// <param name="Flag">The long flag, e.g. `--port`.</param>
/// <param name="ValueName">The placeholder help shows for the value; null for a switch such as `--no-etag`.</param>
/// <param name="Description">What the option does, without default or variable (those are appended).</param>
/// <param name="DefaultText">The default as help shows it.</param>
/// <param name="Apply">Stores a given value into the raw settings.</param>
internal sealed record CliSetting(
    string Flag,
    string? ValueName,
    string Description,
    string DefaultText,
    Func<RawServerOptions, RawValue, RawServerOptions> Apply)
{
    /// <summary>A switch takes no value on the command line (an optional true/false is still accepted).</summary>
    public bool IsSwitch => ValueName is null;

    public string EnvironmentVariable => EnvironmentVariableNames.ForFlag(Flag);

    public string HelpText => $"{Description} [env: {EnvironmentVariable}] [default: {DefaultText}]";
}
