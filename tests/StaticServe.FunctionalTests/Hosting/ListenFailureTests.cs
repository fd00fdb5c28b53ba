using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using StaticServe.Configuration;
using StaticServe.Hosting;

namespace StaticServe.FunctionalTests.Hosting;

/// <summary>A socket that cannot be bound: one line on stderr and exit code 1, never a crash.</summary>
public sealed class ListenFailureTests
{
    [Fact]
    public async Task PortTaken_OneLine_ExitCode1()
    {
        using var taken = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        taken.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        taken.Listen();
        var port = ((IPEndPoint)taken.LocalEndPoint!).Port;

        var (code, lines) = await RunAsync("127.0.0.1", port);

        Assert.Equal(1, code);
        var line = Assert.Single(lines);
        Assert.StartsWith($"staticserve: cannot listen on 127.0.0.1:{port}: ", line);
        Assert.Contains("address already in use", line, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task AddressNotOnThisMachine_OneLine_ExitCode1()
    {
        // 192.0.2.0/24 is TEST-NET-1 (RFC 5737): never assigned to a real interface.
        var (code, lines) = await RunAsync("192.0.2.1", 0);

        Assert.Equal(1, code);
        var line = Assert.Single(lines);
        Assert.StartsWith("staticserve: cannot listen on 192.0.2.1:0: ", line);
        Assert.Contains("assign", line, StringComparison.OrdinalIgnoreCase);
    }

    private static async Task<(int Code, string[] Lines)> RunAsync(string host, int port)
    {
        var root = Directory.CreateTempSubdirectory("staticserve-listen-").FullName;
        try
        {
            var options = new ServerOptions { Root = root, Host = host, Port = port, LogLevel = LogLevel.None };
            using var error = new StringWriter();
            var code = await Task.Run(() => ServerHost.Run(options, error)).WaitAsync(TimeSpan.FromSeconds(20));
            return (code, error.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries));
        }
        finally
        {
            Directory.Delete(root, true);
        }
    }
}
