using System.Net;
using StaticServe.LoadTests.Corpus;
using StaticServe.LoadTests.Load;

namespace StaticServe.LoadTests.Profiles;

/// <summary>Owns the conditional scenario: revalidation with If-None-Match, mostly 304, some 200s.</summary>
internal sealed class ConditionalProfile : Profile
{
    /// <summary>Out of 10 requests: 8 send the current tag, 1 its weak form, 1 a tag that never matches.</summary>
    private const int Buckets = 10;
    private const int WeakBucket = 8;
    private const int StaleBucket = 9;

    private const string NeverMatchingTag = "\"no-such-version\"";

    private readonly Dictionary<string, string> _etags = new(StringComparer.Ordinal);
    private CorpusFile[] _files = [];

    public override string Name => "conditional";

    public override string Description => "If-None-Match revalidation: 80 % current tag, 10 % weak form (304), 10 % stale tag (200)";

    public override async Task PrepareAsync(ProfileContext context, CancellationToken cancellationToken)
    {
        _files = [context.Corpus.Hot1K, context.Corpus.Hot100K, .. context.Corpus.Assets];
        foreach (var file in _files)
        {
            using var response = await context.Client.GetAsync(context.UriFor(file.UrlPath), cancellationToken);
            response.EnsureSuccessStatusCode();
            _etags[file.UrlPath] = response.Headers.ETag?.ToString()
                ?? throw new InvalidOperationException($"{file.UrlPath}: no ETag on a 200 response");
        }
    }

    public override async ValueTask<RequestOutcome> ExecuteAsync(WorkerContext worker, CancellationToken cancellationToken)
    {
        var file = _files[worker.Random.Next(_files.Length)];
        var etag = _etags[file.UrlPath];
        var bucket = worker.Random.Next(Buckets);
        var sent = bucket switch
        {
            StaleBucket => NeverMatchingTag,
            WeakBucket when !etag.StartsWith("W/", StringComparison.Ordinal) => "W/" + etag,
            _ => etag,
        };

        using var request = new HttpRequestMessage(HttpMethod.Get, worker.Shared.UriFor(file.UrlPath));
        request.Headers.TryAddWithoutValidation("If-None-Match", sent);
        using var response = await worker.Shared.Client.SendAsync(
            request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);

        if (bucket == StaleBucket)
        {
            // RFC 9110 §13.1.2: a tag that matches no representation means the condition is true: full 200.
            return await ResponseVerifier.ExpectBodyAsync(
                response, HttpStatusCode.OK, file.Content, worker.Buffer, file.UrlPath, cancellationToken);
        }

        // RFC 9110 §13.1.2 and §8.8.3.2: If-None-Match uses the weak comparison, so both the tag and its
        // W/ form match; §15.4.5: the 304 has no content and repeats the ETag a 200 would carry.
        if (response.StatusCode != HttpStatusCode.NotModified)
        {
            return RequestOutcome.Failed($"{file.UrlPath} If-None-Match {sent}: status {(int)response.StatusCode}, expected 304");
        }

        if (response.Headers.ETag?.ToString() != etag)
        {
            return RequestOutcome.Failed($"{file.UrlPath}: 304 carried ETag {response.Headers.ETag}, expected {etag}");
        }

        var length = await ResponseVerifier.ReadSmallBodyAsync(response, worker.Buffer, cancellationToken);
        return length == 0 ? RequestOutcome.Ok(0) : RequestOutcome.Failed($"{file.UrlPath}: 304 with a {length}-byte body");
    }
}
