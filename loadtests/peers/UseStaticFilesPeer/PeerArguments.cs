using System.Globalization;

namespace StaticServe.Peers.UseStaticFilesPeer;

/// <summary>Owns the peer's command line: the same `ROOT --host H --port N` as staticserve; other flags are ignored.</summary>
internal sealed record PeerArguments(string Root, string Host, int Port)
{
    /// <summary>Loopback and an unprivileged port, as staticserve's defaults for local runs.</summary>
    private const string DefaultHost = "127.0.0.1";
    private const int DefaultPort = 8080;

    public static PeerArguments Parse(string[] args)
    {
        string? root = null;
        var host = DefaultHost;
        var port = DefaultPort;
        for (var i = 0; i < args.Length; i++)
        {
            switch (args[i])
            {
                case "--host" when i + 1 < args.Length:
                    host = args[++i];
                    break;
                case "--port" when i + 1 < args.Length:
                    port = int.Parse(args[++i], NumberStyles.None, CultureInfo.InvariantCulture);
                    break;
                case var flag when flag.StartsWith("--", StringComparison.Ordinal):
                    // staticserve's tuning flags (--cache-mb, --log-level ...) have no meaning here;
                    // skip the flag and its value so the runner can start any server the same way.
                    if (i + 1 < args.Length && !args[i + 1].StartsWith("--", StringComparison.Ordinal))
                    {
                        i++;
                    }

                    break;
                default:
                    root = Path.GetFullPath(args[i]);
                    break;
            }
        }

        return new PeerArguments(
            root ?? throw new ArgumentException("usage: ROOT [--host H] [--port N]"), host, port);
    }
}
