using StaticServe.LoadTests.Load;

namespace StaticServe.LoadTests.Profiles;

/// <summary>Owns one named load scenario: its server flags, its request, and what it expects of the server.</summary>
internal abstract class Profile
{
    /// <summary>5 s warm-up and 30 s measured: long enough for tiered JIT to settle on the hot path.</summary>
    protected static readonly ProfileShape DefaultFullShape = new(TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(30), 64);

    /// <summary>1 s warm-up and 6 s measured with 16 connections: nine profiles fit in about two minutes on two cores.</summary>
    protected static readonly ProfileShape DefaultSmokeShape = new(TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(6), 16);

    public abstract string Name { get; }

    public abstract string Description { get; }

    /// <summary>Flags appended to the server's command line (e.g. a small --cache-mb).</summary>
    public virtual IReadOnlyList<string> ServerArguments => [];

    public virtual ProfileShape FullShape => DefaultFullShape;

    public virtual ProfileShape SmokeShape => DefaultSmokeShape;

    /// <summary>Lowest acceptable server-side hit ratio over the measured phase; null = not asserted.</summary>
    public virtual double? MinimumHitRatio => null;

    /// <summary>Highest acceptable hit ratio (proves a cache budget is honoured); null = not asserted.</summary>
    public virtual double? MaximumHitRatio => null;

    /// <summary>True when the profile's working set exceeds the cache budget, so evictions must happen.</summary>
    public virtual bool ExpectsEvictions => false;

    /// <summary>A loose p99 ceiling: catches stalls and serialisation, not noise on a shared machine.</summary>
    public virtual TimeSpan P99Bound => TimeSpan.FromSeconds(1);

    /// <summary>Runs once after the server starts and before the warm-up (fetch ETags, fill the cache, start writers).</summary>
    public virtual Task PrepareAsync(ProfileContext context, CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>One request, verified; the runner times it and counts the outcome.</summary>
    public abstract ValueTask<RequestOutcome> ExecuteAsync(WorkerContext worker, CancellationToken cancellationToken);

    /// <summary>Runs once after the measured phase (stop background writers).</summary>
    public virtual Task StopAsync() => Task.CompletedTask;

    /// <summary>Profile-specific lines for the report (e.g. versions observed); informational.</summary>
    public virtual IEnumerable<string> Notes() => [];
}
