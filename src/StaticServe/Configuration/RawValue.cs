namespace StaticServe.Configuration;

/// <summary>
/// One setting as the user typed it, before any parsing, with where it came from (`--port`,
/// `STATICSERVE_PORT` or `ROOT`) so that an error message can name the exact place to fix.
/// </summary>
/// <param name="Text">The value verbatim; a flag given without a value is "true".</param>
/// <param name="Source">The flag, environment variable or argument name the value came from.</param>
internal readonly record struct RawValue(string Text, string Source);
