using System.Net;
using System.Net.Sockets;

namespace StaticServe.LoadTests.Server;

/// <summary>Owns finding a free loopback port: bind to port 0, read the number, release it.</summary>
internal static class FreePort
{
    public static int Next()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        try
        {
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }
        finally
        {
            listener.Stop();
        }
    }
}
