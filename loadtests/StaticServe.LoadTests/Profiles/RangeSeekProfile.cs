using System.Globalization;
using System.Net;
using StaticServe.LoadTests.Load;

namespace StaticServe.LoadTests.Profiles;

/// <summary>Owns the range-seek scenario: random single byte ranges of a streamed 10 MiB and a cached 1 MiB file.</summary>
internal sealed class RangeSeekProfile : Profile
{
    /// <summary>64 KiB: the largest slice a media player or PDF viewer typically asks for in one seek.</summary>
    private const int MaxRangeBytes = 64 * 1024;

    /// <summary>Out of 20 requests: 14 `first-last`, 3 suffix `-n`, 3 open-ended `first-`.</summary>
    private const int Forms = 20;
    private const int SuffixFrom = 14;
    private const int OpenFrom = 17;

    public override string Name => "range-seek";

    public override string Description => "GET random single ranges (a-b, -n, a-) of a 10 MiB streamed and a 1 MiB cached file";

    public override async ValueTask<RequestOutcome> ExecuteAsync(WorkerContext worker, CancellationToken cancellationToken)
    {
        var corpus = worker.Shared.Corpus;
        var file = worker.Random.Next(2) == 0 ? corpus.Large10M : corpus.Hot1M;
        var random = worker.Random;
        var count = random.Next(1, MaxRangeBytes + 1);
        var form = random.Next(Forms);
        long first;
        string header;

        // RFC 9110 §14.1.1: `first-last` is inclusive, `-n` is the last n bytes, `first-` runs to the end.
        if (form >= OpenFrom)
        {
            first = file.Length - count;
            header = string.Create(CultureInfo.InvariantCulture, $"bytes={first}-");
        }
        else if (form >= SuffixFrom)
        {
            first = file.Length - count;
            header = string.Create(CultureInfo.InvariantCulture, $"bytes=-{count}");
        }
        else
        {
            first = random.NextInt64(file.Length - count + 1);
            header = string.Create(CultureInfo.InvariantCulture, $"bytes={first}-{first + count - 1}");
        }

        using var request = new HttpRequestMessage(HttpMethod.Get, worker.Shared.UriFor(file.UrlPath));
        request.Headers.TryAddWithoutValidation("Range", header);
        using var response = await worker.Shared.Client.SendAsync(
            request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);

        // RFC 9110 §14.4: a single-range 206 names the inclusive range and the full length.
        var expectedRange = string.Create(CultureInfo.InvariantCulture, $"bytes {first}-{first + count - 1}/{file.Length}");
        var actualRange = response.Content.Headers.ContentRange?.ToString();
        if (response.StatusCode == HttpStatusCode.PartialContent && actualRange != expectedRange)
        {
            return RequestOutcome.Failed($"{file.UrlPath} Range {header}: Content-Range {actualRange}, expected {expectedRange}");
        }

        return await ResponseVerifier.ExpectBodyAsync(
            response,
            HttpStatusCode.PartialContent,
            file.Content.AsMemory((int)first, count),
            worker.Buffer,
            $"{file.UrlPath} Range {header}",
            cancellationToken);
    }
}
