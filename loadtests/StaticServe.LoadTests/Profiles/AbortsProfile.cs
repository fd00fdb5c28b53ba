using System.Net;
using System.Net.Sockets;
using System.Text;
using StaticServe.LoadTests.Load;

namespace StaticServe.LoadTests.Profiles;

/// <summary>
/// Owns the aborts scenario: a third of the workers download normally, a third drop HttpClient
/// responses mid-body, a third close raw sockets mid-response (half with RST); afterwards the
/// server's pool must be fully returned.
/// </summary>
internal sealed class AbortsProfile : Profile
{
    /// <summary>Drop after at most 512 KiB: well inside the 10 MiB body, past the first few pooled buffers.</summary>
    private const int MaxBytesBeforeAbort = 512 * 1024;

    /// <summary>Worker roles by index modulo 3.</summary>
    private const int Roles = 3;
    private const int NormalRole = 0;
    private const int HttpClientAbortRole = 1;

    /// <summary>The streamed file is read from this offset in a third of the HttpClient aborts (the range path).</summary>
    private const long RangeAbortOffset = 1_000_000;

    private static readonly byte[] OkStatusLine = "HTTP/1.1 200 "u8.ToArray();

    private HttpClient? _abortClient;
    private byte[] _rawRequest = [];

    public override string Name => "aborts";

    public override string Description => "mid-body aborts (HttpClient dispose, raw close, RST) mixed with full downloads; pool must drain";

    /// <summary>5 s: the normal third downloads 10 MiB bodies next to streams being torn down.</summary>
    public override TimeSpan P99Bound => TimeSpan.FromSeconds(5);

    public override Task PrepareAsync(ProfileContext context, CancellationToken cancellationToken)
    {
        // MaxResponseDrainSize = 0: disposing an unread response closes the connection instead of
        // reading the rest to reuse it, so the server really sees a client going away mid-body.
        _abortClient = new HttpClient(new SocketsHttpHandler
        {
            MaxResponseDrainSize = 0,
            MaxConnectionsPerServer = int.MaxValue,
            UseCookies = false,
            AllowAutoRedirect = false,
            AutomaticDecompression = DecompressionMethods.None,
        })
        {
            BaseAddress = context.BaseAddress,
        };
        _rawRequest = Encoding.ASCII.GetBytes(
            $"GET {context.Corpus.Large10M.UrlPath} HTTP/1.1\r\nHost: {context.BaseAddress.Authority}\r\n\r\n");
        return Task.CompletedTask;
    }

    public override Task StopAsync()
    {
        _abortClient?.Dispose();
        return Task.CompletedTask;
    }

    public override async ValueTask<RequestOutcome> ExecuteAsync(WorkerContext worker, CancellationToken cancellationToken)
    {
        var corpus = worker.Shared.Corpus;
        switch (worker.Index % Roles)
        {
            case NormalRole:
                var file = worker.Sequence % 2 == 0 ? corpus.Hot1M : corpus.Large10M;
                return await ResponseVerifier.GetWholeFileAsync(worker, file, cancellationToken);
            case HttpClientAbortRole:
                return await AbortHttpClientAsync(worker, cancellationToken);
            default:
                return await AbortRawSocketAsync(worker, cancellationToken);
        }
    }

    private async ValueTask<RequestOutcome> AbortHttpClientAsync(WorkerContext worker, CancellationToken cancellationToken)
    {
        var file = worker.Shared.Corpus.Large10M;
        var ranged = worker.Sequence % 3 == 0;
        var offset = ranged ? RangeAbortOffset : 0;
        using var request = new HttpRequestMessage(HttpMethod.Get, worker.Shared.UriFor(file.UrlPath));
        if (ranged)
        {
            request.Headers.TryAddWithoutValidation("Range", FormattableString.Invariant($"bytes={offset}-"));
        }

        using var response = await _abortClient!.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        var expectedStatus = ranged ? HttpStatusCode.PartialContent : HttpStatusCode.OK;
        if (response.StatusCode != expectedStatus)
        {
            return RequestOutcome.Failed($"{file.UrlPath}: status {(int)response.StatusCode}, expected {(int)expectedStatus}");
        }

        // Whatever was read before the drop must still be the right bytes.
        var limit = worker.Random.Next(MaxBytesBeforeAbort);
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        var read = 0;
        while (read < limit)
        {
            var n = await stream.ReadAsync(worker.Buffer, cancellationToken);
            if (n == 0)
            {
                break;
            }

            if (!worker.Buffer.AsSpan(0, n).SequenceEqual(file.Content.AsSpan((int)offset + read, n)))
            {
                return RequestOutcome.Failed($"{file.UrlPath}: bytes before the abort differ from the file near {offset + read}");
            }

            read += n;
        }

        return RequestOutcome.Aborted(read);
    }

    private async ValueTask<RequestOutcome> AbortRawSocketAsync(WorkerContext worker, CancellationToken cancellationToken)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(IPAddress.Loopback, worker.Shared.BaseAddress.Port, cancellationToken);
        await socket.SendAsync(_rawRequest, SocketFlags.None, cancellationToken);
        // At least the status line is read, so an error response (short body, connection kept
        // open) fails at once instead of leaving the reader waiting for bytes that never come.
        var limit = Math.Max(OkStatusLine.Length, worker.Random.Next(MaxBytesBeforeAbort));
        var read = 0;
        while (read < limit)
        {
            var n = await socket.ReceiveAsync(worker.Buffer.AsMemory(read < OkStatusLine.Length ? read : 0), SocketFlags.None, cancellationToken);
            if (n == 0)
            {
                return RequestOutcome.Failed("server closed the connection before the client dropped it");
            }

            var before = read;
            read += n;
            if (before < OkStatusLine.Length && read >= OkStatusLine.Length
                && !worker.Buffer.AsSpan(0, OkStatusLine.Length).SequenceEqual(OkStatusLine))
            {
                return RequestOutcome.Failed("raw GET answered " + Encoding.ASCII.GetString(worker.Buffer, 0, OkStatusLine.Length).TrimEnd());
            }
        }

        if (worker.Sequence % 2 == 0)
        {
            // Linger 0: close sends RST instead of FIN, the abrupt case (a killed browser tab, a proxy timeout).
            socket.LingerState = new LingerOption(true, 0);
        }

        socket.Close();
        return RequestOutcome.Aborted(read);
    }
}
