using System.Net.Sockets;
using System.Text;

namespace StaticServe.FunctionalTests.Infrastructure;

/// <summary>
/// HTTP/1.x over a plain socket: writes the request bytes untouched (HttpClient would normalise
/// paths like `/a/../b` or `%2e%2e`) and parses the response by Content-Length, or to the close
/// when there is none; chunked bodies are decoded and flagged.
/// </summary>
internal static class RawHttp
{
    public static async Task<RawResponse> SendAsync(int port, string request, bool isHead)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await socket.ConnectAsync("127.0.0.1", port, timeout.Token);
        await socket.SendAsync(Encoding.Latin1.GetBytes(request), SocketFlags.None, timeout.Token);
        using var stream = new NetworkStream(socket, ownsSocket: false);
        return await ReadResponseAsync(stream, isHead, timeout.Token);
    }

    public static async Task<RawResponse> ReadResponseAsync(Stream stream, bool isHead, CancellationToken cancellationToken)
    {
        var head = await ReadHeadAsync(stream, cancellationToken);
        var lines = head.Split("\r\n");
        var statusParts = lines[0].Split(' ', 3);
        var status = int.Parse(statusParts[1], System.Globalization.CultureInfo.InvariantCulture);
        var headers = new List<KeyValuePair<string, string>>();
        foreach (var line in lines.Skip(1))
        {
            if (line.Length == 0)
            {
                continue;
            }

            var colon = line.IndexOf(':');
            headers.Add(new(line[..colon], line[(colon + 1)..].Trim()));
        }

        var response = new RawResponse(statusParts[0], status, headers, []);
        byte[] body;
        if (isHead || status is 204 or 304 || status < 200)
        {
            body = [];
        }
        else if (response.Header("Content-Length") is { } lengthText)
        {
            body = new byte[long.Parse(lengthText, System.Globalization.CultureInfo.InvariantCulture)];
            await stream.ReadExactlyAsync(body, cancellationToken);
        }
        else if (string.Equals(response.Header("Transfer-Encoding"), "chunked", StringComparison.OrdinalIgnoreCase))
        {
            body = await ReadChunkedAsync(stream, cancellationToken);
        }
        else
        {
            using var rest = new MemoryStream();
            await stream.CopyToAsync(rest, cancellationToken);
            body = rest.ToArray();
        }

        return response with { Body = body };
    }

    private static async Task<string> ReadHeadAsync(Stream stream, CancellationToken cancellationToken)
    {
        var bytes = new List<byte>();
        var one = new byte[1];
        while (true)
        {
            var n = await stream.ReadAsync(one, cancellationToken);
            if (n == 0)
            {
                throw new IOException("connection closed before the response head ended: " + Encoding.Latin1.GetString(bytes.ToArray()));
            }

            bytes.Add(one[0]);
            var c = bytes.Count;
            if (c >= 4 && bytes[c - 4] == '\r' && bytes[c - 3] == '\n' && bytes[c - 2] == '\r' && bytes[c - 1] == '\n')
            {
                return Encoding.Latin1.GetString(bytes.ToArray(), 0, c - 4);
            }
        }
    }

    private static async Task<byte[]> ReadChunkedAsync(Stream stream, CancellationToken cancellationToken)
    {
        using var body = new MemoryStream();
        while (true)
        {
            var sizeLine = await ReadLineAsync(stream, cancellationToken);
            var size = Convert.ToInt32(sizeLine.Split(';')[0], 16);
            if (size == 0)
            {
                await ReadLineAsync(stream, cancellationToken);
                return body.ToArray();
            }

            var chunk = new byte[size];
            await stream.ReadExactlyAsync(chunk, cancellationToken);
            body.Write(chunk);
            await ReadLineAsync(stream, cancellationToken);
        }
    }

    private static async Task<string> ReadLineAsync(Stream stream, CancellationToken cancellationToken)
    {
        var sb = new StringBuilder();
        var one = new byte[1];
        while (await stream.ReadAsync(one, cancellationToken) == 1)
        {
            if (one[0] == '\n')
            {
                return sb.ToString().TrimEnd('\r');
            }

            sb.Append((char)one[0]);
        }

        return sb.ToString();
    }
}
