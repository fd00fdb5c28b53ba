namespace StaticServe.LoadTests.Cli;

/// <summary>Owns the parsed command line of one runner invocation.</summary>
internal sealed record RunnerSettings
{
    /// <summary>Short form of every profile (CI).</summary>
    public bool Smoke { get; init; }

    /// <summary>Profiles to run, by name; empty = all.</summary>
    public IReadOnlyList<string> Profiles { get; init; } = [];

    /// <summary>Overrides every profile's measured duration.</summary>
    public TimeSpan? Duration { get; init; }

    /// <summary>Overrides every profile's warm-up.</summary>
    public TimeSpan? WarmUp { get; init; }

    /// <summary>Overrides every profile's concurrency (connections = virtual users).</summary>
    public int? Concurrency { get; init; }

    /// <summary>The server executable (apphost) or .dll to start.</summary>
    public required string ServerPath { get; init; }

    /// <summary>Treat a missing /stats (a peer app) as "skipped" instead of failed.</summary>
    public bool AllowMissingStats { get; init; }

    /// <summary>Keep the generated corpus folder after the run.</summary>
    public bool KeepCorpus { get; init; }
}
