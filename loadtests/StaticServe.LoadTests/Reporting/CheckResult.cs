namespace StaticServe.LoadTests.Reporting;

/// <summary>Owns one assertion's outcome for the report: what was checked, whether it held, the figures.</summary>
internal sealed record CheckResult(string Name, bool Passed, string Detail);
