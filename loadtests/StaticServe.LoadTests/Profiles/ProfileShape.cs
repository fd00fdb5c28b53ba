namespace StaticServe.LoadTests.Profiles;

/// <summary>Owns how long and how wide a profile runs: warm-up, measured duration, concurrent connections.</summary>
internal sealed record ProfileShape(TimeSpan WarmUp, TimeSpan Duration, int Concurrency);
