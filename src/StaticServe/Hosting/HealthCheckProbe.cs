using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace StaticServe.Hosting;

/// <summary>
/// `staticserve --healthcheck`: asks a running server's liveness endpoint and exits 0 (200) or 1
/// (anything else). It exists for container HEALTHCHECKs in images that ship no curl. Address, port
/// and path come from STATICSERVE_HOST / STATICSERVE_PORT / STATICSERVE_HEALTH_PATH, as the server
/// reads them; a wildcard or name host is asked over loopback.
/// </summary>
internal static class HealthCheckProbe
{
    /// <summary>The flag that selects this mode; it must be the only argument.</summary>
    public const string Flag = "--healthcheck";

    /// <summary>3 s: well inside Docker's default 30 s HEALTHCHECK timeout.</summary>
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(3);

    public static int Run(IReadOnlyDictionary<string, string?>? environment = null)
    {
        string? Get(string name) => environment is null ? Environment.GetEnvironmentVariable(name) : environment.GetValueOrDefault(name);
        var port = int.TryParse(Get("STATICSERVE_PORT"), NumberStyles.None, CultureInfo.InvariantCulture, out var p) ? p : 8080;
        var path = Get("STATICSERVE_HEALTH_PATH") is { Length: > 0 } configured ? configured : "/healthz";
        var address = Get("STATICSERVE_HOST") switch
        {
            "::" or "[::]" => IPAddress.IPv6Loopback,
            { } host when IPAddress.TryParse(host.Trim('[', ']'), out var ip) && !ip.Equals(IPAddress.Any) => ip,
            _ => IPAddress.Loopback, // unset, localhost, 0.0.0.0, *
        };
        try
        {
            using var cts = new CancellationTokenSource(Timeout);
            using var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
            socket.ConnectAsync(new IPEndPoint(address, port), cts.Token).AsTask().GetAwaiter().GetResult();
            socket.Send(Encoding.ASCII.GetBytes($"GET {path} HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n"));
            var buffer = new byte[64];
            var read = socket.ReceiveAsync(buffer, SocketFlags.None, cts.Token).AsTask().GetAwaiter().GetResult();
            var statusLine = Encoding.ASCII.GetString(buffer, 0, read);
            var healthy = statusLine.StartsWith("HTTP/1.1 200 ", StringComparison.Ordinal);
            Console.WriteLine(healthy ? "healthy" : "unhealthy: " + statusLine.Split('\r')[0]);
            return healthy ? 0 : 1;
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException)
        {
            Console.WriteLine("unhealthy: " + e.Message);
            return 1;
        }
    }
}
