namespace StaticServe.Cli;

/// <summary>The process exit codes the command line itself decides; any other code comes from the server run.</summary>
internal static class ExitCodes
{
    /// <summary>Help or version printed, or the server stopped normally.</summary>
    public const int Success = 0;

    /// <summary>
    /// A syntax error, a rejected option value or an unusable root folder: nothing was started. 1 rather
    /// than sysexits' 64 because that is what every peer server and shell script expects from "bad usage".
    /// </summary>
    public const int InvalidOptions = 1;
}
