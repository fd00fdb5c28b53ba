namespace StaticServe.Configuration;

/// <summary>
/// The unparsed settings of one run, as gathered from the command line and the environment; null =
/// not given anywhere, so the default applies. <see cref="ServerOptionsValidator"/> turns it into
/// <see cref="ServerOptions"/> or a list of errors.
/// </summary>
internal sealed record RawServerOptions
{
    public RawValue? Root { get; init; }

    public RawValue? Host { get; init; }

    public RawValue? Port { get; init; }

    public RawValue? CacheMb { get; init; }

    public RawValue? MaxCachedFileKb { get; init; }

    public RawValue? BufferKb { get; init; }

    public RawValue? PoolMb { get; init; }

    public RawValue? RevalidateMs { get; init; }

    public RawValue? CacheControl { get; init; }

    public RawValue? NoEtag { get; init; }

    public RawValue? NoLastModified { get; init; }

    public RawValue? NoRanges { get; init; }

    public RawValue? StreamViaPool { get; init; }

    public RawValue? NoSendfile { get; init; }

    public RawValue? Prefix { get; init; }

    public RawValue? Index { get; init; }

    public RawValue? Dotfiles { get; init; }

    public RawValue? StatsPath { get; init; }

    public RawValue? HealthPath { get; init; }

    public RawValue? ReadyPath { get; init; }

    public RawValue? ShutdownTimeout { get; init; }

    public RawValue? LogLevel { get; init; }

    public RawValue? LogFormat { get; init; }

    public RawValue? AccessLog { get; init; }

    public RawValue? StatsLogSeconds { get; init; }
}
