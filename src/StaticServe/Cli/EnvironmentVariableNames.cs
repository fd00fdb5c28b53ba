namespace StaticServe.Cli;

/// <summary>The naming rule that gives every flag its environment-variable twin.</summary>
internal static class EnvironmentVariableNames
{
    /// <summary>Every variable the server reads starts with this.</summary>
    public const string Prefix = "STATICSERVE_";

    /// <summary>The twin of the ROOT argument.</summary>
    public const string Root = Prefix + "ROOT";

    /// <summary>`--max-cached-file-kb` → `STATICSERVE_MAX_CACHED_FILE_KB`: upper case, dashes to underscores.</summary>
    public static string ForFlag(string flag)
    {
        ArgumentNullException.ThrowIfNull(flag);
        return Prefix + flag.TrimStart('-').Replace('-', '_').ToUpperInvariant();
    }
}
