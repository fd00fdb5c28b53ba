namespace StaticServe.Configuration;

/// <summary>How log events are rendered on the console.</summary>
internal enum LogFormat
{
    /// <summary>One readable line per event (default).</summary>
    Text,

    /// <summary>Compact JSON, one object per line, for log shippers.</summary>
    Json,
}
