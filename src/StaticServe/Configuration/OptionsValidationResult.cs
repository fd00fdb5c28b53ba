namespace StaticServe.Configuration;

/// <summary>
/// The outcome of validating one set of raw settings: the options when every value was acceptable,
/// otherwise every error found; warnings (accepted but surprising values) in both cases.
/// </summary>
internal sealed record OptionsValidationResult
{
    /// <summary>The validated options; null exactly when <see cref="Errors"/> is not empty.</summary>
    public ServerOptions? Options { get; init; }

    /// <summary>One line per rejected value, each starting with the flag or variable that set it.</summary>
    public IReadOnlyList<string> Errors { get; init; } = [];

    /// <summary>One line per accepted value whose effect the user may not expect.</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];

    public bool IsValid => Options is not null;
}
