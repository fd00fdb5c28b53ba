using StaticServe.Configuration;
using StaticServe.Hosting;

namespace StaticServe;

/// <summary>Entry point: builds the command line, runs it, returns its exit code.</summary>
internal static class Program
{
    public static int Main(string[] args) =>
        ServerHost.Run(new ServerOptions { Root = Path.GetFullPath(args.Length > 0 ? args[0] : "."), Port = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : ServerOptions.DefaultPort });
}
