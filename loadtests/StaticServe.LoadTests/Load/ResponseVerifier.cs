using System.Globalization;
using System.Net;
using StaticServe.LoadTests.Corpus;

namespace StaticServe.LoadTests.Load;

/// <summary>Owns comparing a response against the file on disk: status, length header and every body byte.</summary>
internal static class ResponseVerifier
{
    /// <summary>GET the whole file and verify it; the common request of most profiles.</summary>
    public static async ValueTask<RequestOutcome> GetWholeFileAsync(
        WorkerContext worker, CorpusFile file, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, worker.Shared.UriFor(file.UrlPath));
        using var response = await worker.Shared.Client.SendAsync(
            request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        worker.NoteCacheHeader(response);
        return await ExpectBodyAsync(response, HttpStatusCode.OK, file.Content, worker.Buffer, file.UrlPath, cancellationToken);
    }

    /// <summary>Checks status and Content-Length, then reads the body and compares it with <paramref name="expected"/>.</summary>
    public static async ValueTask<RequestOutcome> ExpectBodyAsync(
        HttpResponseMessage response,
        HttpStatusCode status,
        ReadOnlyMemory<byte> expected,
        byte[] buffer,
        string what,
        CancellationToken cancellationToken)
    {
        if (response.StatusCode != status)
        {
            return RequestOutcome.Failed($"{what}: status {(int)response.StatusCode}, expected {(int)status}");
        }

        if (response.Content.Headers.ContentLength != expected.Length)
        {
            return RequestOutcome.Failed(
                $"{what}: Content-Length {Describe(response.Content.Headers.ContentLength)}, expected {expected.Length}");
        }

        var error = await ReadAndCompareAsync(response, expected, buffer, cancellationToken);
        return error is null ? RequestOutcome.Ok(expected.Length) : RequestOutcome.Failed($"{what}: {error}");
    }

    /// <summary>Streams the body, comparing each chunk at its offset; null when every byte matched.</summary>
    public static async ValueTask<string?> ReadAndCompareAsync(
        HttpResponseMessage response, ReadOnlyMemory<byte> expected, byte[] buffer, CancellationToken cancellationToken)
    {
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        var offset = 0;
        while (true)
        {
            var read = await stream.ReadAsync(buffer, cancellationToken);
            if (read == 0)
            {
                return offset == expected.Length ? null : $"body ended at {offset} of {expected.Length} bytes";
            }

            if (offset + read > expected.Length)
            {
                return $"body longer than the expected {expected.Length} bytes";
            }

            if (!buffer.AsSpan(0, read).SequenceEqual(expected.Span.Slice(offset, read)))
            {
                var mismatch = buffer.AsSpan(0, read).CommonPrefixLength(expected.Span.Slice(offset, read));
                return $"body differs from the file at byte {offset + mismatch}";
            }

            offset += read;
        }
    }

    /// <summary>Reads a whole body that must fit in <paramref name="buffer"/>; returns its length or -1 when too long.</summary>
    public static async ValueTask<int> ReadSmallBodyAsync(
        HttpResponseMessage response, byte[] buffer, CancellationToken cancellationToken)
    {
        await using var stream = await response.Content.ReadAsStreamAsync(cancellationToken);
        var length = 0;
        while (true)
        {
            if (length == buffer.Length)
            {
                return await stream.ReadAsync(buffer.AsMemory(0, 1), cancellationToken) == 0 ? length : -1;
            }

            var read = await stream.ReadAsync(buffer.AsMemory(length), cancellationToken);
            if (read == 0)
            {
                return length;
            }

            length += read;
        }
    }

    private static string Describe(long? value) =>
        value?.ToString(CultureInfo.InvariantCulture) ?? "absent";
}
