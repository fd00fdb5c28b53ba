using StaticServe.LoadTests.Load;
using StaticServe.LoadTests.Server;

namespace StaticServe.LoadTests.Reporting;

/// <summary>Owns everything known about one profile run after it ends: phases, server deltas, checks.</summary>
internal sealed record ProfileReport(
    string Name,
    string Description,
    IReadOnlyList<string> ServerArguments,
    int Concurrency,
    TimeSpan WarmUp,
    PhaseResult? Measured,
    StatsSnapshot? Before,
    StatsSnapshot? After,
    IReadOnlyList<CheckResult> Checks,
    IReadOnlyList<string> Notes,
    string? Error)
{
    public bool Passed => Error is null && Checks.All(c => c.Passed);
}
