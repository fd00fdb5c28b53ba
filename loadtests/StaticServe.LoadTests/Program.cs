using StaticServe.LoadTests.Cli;

namespace StaticServe.LoadTests;

/// <summary>Entry point: parses the command line and runs the selected load profiles.</summary>
internal static class Program
{
    public static Task<int> Main(string[] args) => RunnerCommand.Create().Parse(args).InvokeAsync();
}
