namespace StaticServe.LoadTests.Load;

/// <summary>Owns the result of one request: its kind, the body bytes received, and why it failed.</summary>
internal readonly record struct RequestOutcome(OutcomeKind Kind, long Bytes, string? Error)
{
    public static RequestOutcome Ok(long bytes) => new(OutcomeKind.Ok, bytes, null);

    public static RequestOutcome Aborted(long bytes) => new(OutcomeKind.Aborted, bytes, null);

    public static RequestOutcome Failed(string error) => new(OutcomeKind.Failed, 0, error);
}
