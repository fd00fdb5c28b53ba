using StaticServe.FunctionalTests.Infrastructure;
using StaticServe.Hosting;

namespace StaticServe.FunctionalTests.Hosting;

/// <summary>`staticserve --healthcheck` against a real server, configured like the server is.</summary>
public sealed class HealthCheckProbeTests
{
    [Fact]
    public async Task RunningServer_Healthy()
    {
        await using var server = await TestServer.StartAsync();
        Assert.Equal(0, HealthCheckProbe.Run(Env(server.Port)));
        Assert.Equal(0, HealthCheckProbe.Run(Env(server.Port, host: "127.0.0.1")));
        Assert.Equal(0, HealthCheckProbe.Run(Env(server.Port, host: "0.0.0.0")));
    }

    [Fact]
    public async Task ServerOnAnotherLoopbackAddress_FollowsStaticServeHost()
    {
        await using var server = await TestServer.StartAsync(configure: o => o with { Host = "127.0.0.2" });
        Assert.Equal(0, HealthCheckProbe.Run(Env(server.Port, host: "127.0.0.2")));
        Assert.Equal(1, HealthCheckProbe.Run(Env(server.Port)));
    }

    [Fact]
    public async Task WrongPathOrNoServer_Unhealthy()
    {
        await using var server = await TestServer.StartAsync();
        Assert.Equal(1, HealthCheckProbe.Run(Env(server.Port, path: "/no-such-probe")));
        Assert.Equal(0, HealthCheckProbe.Run(Env(server.Port, path: "/healthz")));
        Assert.Equal(1, HealthCheckProbe.Run(Env(1)));
    }

    private static Dictionary<string, string?> Env(int port, string? host = null, string? path = null) => new()
    {
        ["STATICSERVE_PORT"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture),
        ["STATICSERVE_HOST"] = host,
        ["STATICSERVE_HEALTH_PATH"] = path,
    };
}
