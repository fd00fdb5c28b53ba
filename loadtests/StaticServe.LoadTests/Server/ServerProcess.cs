using System.Diagnostics;
using System.Net.Sockets;

namespace StaticServe.LoadTests.Server;

/// <summary>Owns one running server process: start on a free port, wait until it answers, stop it.</summary>
internal sealed class ServerProcess : IAsyncDisposable
{
    /// <summary>15 s: the server starts in well under 1 s; a slow CI machine right after a build gets margin.</summary>
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(15);

    /// <summary>20 ms between connection attempts while the server starts: small next to its ~300 ms start.</summary>
    private static readonly TimeSpan ConnectPollInterval = TimeSpan.FromMilliseconds(20);

    private const string EnvironmentPrefix = "STATICSERVE_";

    /// <summary>Last lines of output kept to explain a failed start.</summary>
    private const int OutputLinesKept = 40;

    private readonly Process _process;
    private readonly Queue<string> _output = new();

    private ServerProcess(Process process, int port)
    {
        _process = process;
        Port = port;
        BaseAddress = new Uri($"http://127.0.0.1:{port}/");
    }

    public int Port { get; }

    public Uri BaseAddress { get; }

    public int ProcessId => _process.Id;

    /// <summary>The last lines the server wrote (stdout and stderr), for failure messages.</summary>
    public string RecentOutput
    {
        get
        {
            lock (_output)
            {
                return string.Join(Environment.NewLine, _output);
            }
        }
    }

    /// <summary>Starts <paramref name="serverPath"/> on <paramref name="root"/> and waits until its port accepts connections.</summary>
    public static async Task<ServerProcess> StartAsync(
        string serverPath, string root, IReadOnlyList<string> extraArguments, CancellationToken cancellationToken)
    {
        var port = FreePort.Next();
        var info = new ProcessStartInfo
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (serverPath.EndsWith(".dll", StringComparison.OrdinalIgnoreCase))
        {
            info.FileName = "dotnet";
            info.ArgumentList.Add(serverPath);
        }
        else
        {
            info.FileName = serverPath;
        }

        foreach (var argument in (string[])[root, "--host", "127.0.0.1", "--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--log-level", "warning"])
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var argument in extraArguments)
        {
            info.ArgumentList.Add(argument);
        }

        // The server reads STATICSERVE_* variables as flag defaults: one left in the caller's
        // environment (say STATICSERVE_CACHE_MB=0) would silently change what a profile measures.
        foreach (var name in info.Environment.Keys.Where(k => k.StartsWith(EnvironmentPrefix, StringComparison.Ordinal)).ToArray())
        {
            info.Environment.Remove(name);
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException($"could not start {serverPath}");
        var server = new ServerProcess(process, port);
        process.OutputDataReceived += (_, e) => server.Keep(e.Data);
        process.ErrorDataReceived += (_, e) => server.Keep(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();

        try
        {
            await server.WaitUntilListeningAsync(cancellationToken);
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }

        return server;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }

    private async Task WaitUntilListeningAsync(CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(StartTimeout.TotalSeconds * Stopwatch.Frequency);
        while (true)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException(
                    $"server exited with code {_process.ExitCode} before listening:{Environment.NewLine}{RecentOutput}");
            }

            try
            {
                using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
                await socket.ConnectAsync("127.0.0.1", Port, cancellationToken);
                return;
            }
            catch (SocketException) when (Stopwatch.GetTimestamp() < deadline)
            {
                // Not listening yet: the only expected failure while the host starts.
            }
            catch (SocketException)
            {
                throw new TimeoutException(
                    $"server did not listen on port {Port} within {StartTimeout.TotalSeconds} s:{Environment.NewLine}{RecentOutput}");
            }

            await Task.Delay(ConnectPollInterval, cancellationToken);
        }
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_output)
        {
            _output.Enqueue(line);
            if (_output.Count > OutputLinesKept)
            {
                _output.Dequeue();
            }
        }
    }
}
