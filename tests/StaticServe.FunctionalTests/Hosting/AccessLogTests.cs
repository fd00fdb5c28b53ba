using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;
using StaticServe.Configuration;
using StaticServe.FunctionalTests.Infrastructure;
using StaticServe.Hosting;

namespace StaticServe.FunctionalTests.Hosting;

/// <summary>--access-log: one line per request through the batching sink, whatever --log-level says,
/// never for the health probes.</summary>
public sealed class AccessLogTests
{
    [Fact]
    public async Task TextFormat_OneLinePerRequest_AtWarningLevel_HealthProbesLeftOut()
    {
        var lines = await RunAsync(LogFormat.Text, accessLog: true);

        // A line is written when its response has ended on the server, which can be after the
        // client has the whole response and sent the next request: compare as a set.
        Assert.Equal(3, lines.Length);
        Assert.Single(lines, l => Regex.IsMatch(l, @"^\[\d\d:\d\d:\d\d INF\] GET /a\.txt\?q=1 200 5 \d+\.\d{3} ms$"));
        Assert.Single(lines, l => Regex.IsMatch(l, @"^\[\d\d:\d\d:\d\d INF\] HEAD /a\.txt 200 5 \d+\.\d{3} ms$"));
        Assert.Single(lines, l => Regex.IsMatch(l, @"^\[\d\d:\d\d:\d\d INF\] GET /missing%20file 404 \d+ \d+\.\d{3} ms$"));
    }

    [Fact]
    public async Task JsonFormat_OneObjectPerRequest_WithTypedFields()
    {
        var lines = await RunAsync(LogFormat.Json, accessLog: true);

        Assert.Equal(3, lines.Length);
        using var first = JsonDocument.Parse(lines.Single(l => l.Contains("\"/a.txt?q=1\"", StringComparison.Ordinal)));
        var root = first.RootElement;
        Assert.Equal("GET", root.GetProperty("Method").GetString());
        Assert.Equal("/a.txt?q=1", root.GetProperty("Path").GetString());
        Assert.Equal(200, root.GetProperty("Status").GetInt32());
        Assert.Equal(5, root.GetProperty("Bytes").GetInt64());
        Assert.Equal("StaticServe.Access", root.GetProperty("SourceContext").GetString());
        using var third = JsonDocument.Parse(lines.Single(l => l.Contains("\"/missing%20file\"", StringComparison.Ordinal)));
        Assert.Equal(404, third.RootElement.GetProperty("Status").GetInt32());
    }

    [Fact]
    public async Task Off_WritesNothing()
    {
        var lines = await RunAsync(LogFormat.Text, accessLog: false);
        Assert.Empty(lines);
    }

    private static async Task<string[]> RunAsync(LogFormat format, bool accessLog)
    {
        var output = new MemoryStream();
        Serilog.Core.Logger? logger = null;
        var server = await TestServer.StartAsync(
            root => File.WriteAllText(Path.Combine(root, "a.txt"), "hello"),
            o => o with { AccessLog = accessLog, LogFormat = format, LogLevel = LogLevel.Warning },
            options => logger = LoggingSetup.Create(options, output));
        try
        {
            Assert.Equal(200, (await server.GetRawAsync("/a.txt?q=1")).Status);
            Assert.Equal(200, (await server.GetRawAsync("/a.txt", method: "HEAD")).Status);
            Assert.Equal(200, (await server.GetRawAsync("/healthz")).Status);
            Assert.Equal(200, (await server.GetRawAsync("/readyz")).Status);
            Assert.Equal(404, (await server.GetRawAsync("/missing%20file")).Status);
        }
        finally
        {
            await server.DisposeAsync();
            logger!.Dispose(); // flushes the batch still queued
        }

        return Encoding.UTF8.GetString(output.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries);
    }
}
