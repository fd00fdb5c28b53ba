using System.Net;
using Microsoft.Extensions.Logging;
using StaticServe.Configuration;
using StaticServe.Hosting;

namespace StaticServe.FunctionalTests.Infrastructure;

/// <summary>
/// A real StaticServe (Kestrel on 127.0.0.1, port 0) over a temporary folder, for one test. Disposing
/// it stops the server (letting in-flight requests finish), checks that every pooled buffer came
/// back and every cached file handle was closed, and deletes the folder.
/// </summary>
internal sealed class TestServer : IAsyncDisposable
{
    private readonly ServerHost _host;

    private TestServer(ServerHost host, string root)
    {
        _host = host;
        Root = root;
        Client = new HttpClient(new SocketsHttpHandler { AllowAutoRedirect = false, AutomaticDecompression = DecompressionMethods.None })
        {
            BaseAddress = new Uri($"http://127.0.0.1:{host.Port}"),
        };
    }

    /// <summary>The served folder.</summary>
    public string Root { get; }

    public ServerHost Host => _host;

    public int Port => _host.Port;

    /// <summary>A client that does not follow redirects or decompress.</summary>
    public HttpClient Client { get; }

    /// <summary>Starts a server over a new temporary folder, after <paramref name="populate"/> fills it;
    /// <paramref name="createLogger"/> replaces the quiet test logger (the caller disposes it).</summary>
    public static async Task<TestServer> StartAsync(Action<string>? populate = null, Func<ServerOptions, ServerOptions>? configure = null, Func<ServerOptions, Serilog.ILogger>? createLogger = null)
    {
        var root = Directory.CreateTempSubdirectory("staticserve-test-").FullName;
        populate?.Invoke(root);
        var options = new ServerOptions { Root = root, Host = "127.0.0.1", Port = 0, LogLevel = LogLevel.Warning, ShutdownTimeoutSeconds = 5 };
        options = configure?.Invoke(options) ?? options;
        var logger = createLogger?.Invoke(options) ?? new Serilog.LoggerConfiguration().MinimumLevel.Warning().CreateLogger();
        var host = await ServerHost.StartAsync(options, logger);
        return new TestServer(host, root);
    }

    /// <summary>Writes a file under the root, creating folders.</summary>
    public string Write(string relative, byte[] content)
    {
        var path = Path.Combine(Root, relative);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, content);
        return path;
    }

    /// <summary>Sends raw request bytes and reads the whole response (see <see cref="RawHttp"/>).</summary>
    public Task<RawResponse> SendRawAsync(string request, bool isHead = false) => RawHttp.SendAsync(Port, request, isHead);

    /// <summary>GET with Connection: close over a raw socket, so the target reaches the server byte for byte.</summary>
    public Task<RawResponse> GetRawAsync(string target, string extraHeaders = "", string method = "GET") =>
        RawHttp.SendAsync(Port, $"{method} {target} HTTP/1.1\r\nHost: 127.0.0.1\r\n{extraHeaders}Connection: close\r\n\r\n", method == "HEAD");

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _host.StopAsync();
        var stats = _host.Pool.GetStatistics();
        await _host.DisposeAsync();
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (IOException)
        {
            // A test that made the tree unreadable cleans up after itself; leftovers in /tmp are harmless.
        }

        Assert.True(stats.InUse == 0, $"{stats.InUse} pooled buffer(s) still rented after the test");
        Assert.Equal(0, stats.DoubleReturns);
        Assert.True(_host.OpenFiles.Count == 0, $"{_host.OpenFiles.Count} open file handle(s) still cached after shutdown");
    }
}
