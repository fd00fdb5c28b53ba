using StaticServe.Cli;
using StaticServe.Hosting;

namespace StaticServe;

/// <summary>Entry point: builds the command line, runs it, returns its exit code.</summary>
internal static class Program
{
    public static int Main(string[] args) =>
        args is [HealthCheckProbe.Flag] ? HealthCheckProbe.Run() : CommandLineApp.Run(args, static options => ServerHost.Run(options));
}
