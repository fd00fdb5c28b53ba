using System.Collections.Concurrent;
using StaticServe.LoadTests.Corpus;

namespace StaticServe.LoadTests.Load;

/// <summary>Owns what every worker of one profile run shares: the corpus, the client, the server address.</summary>
internal sealed class ProfileContext(TestCorpus corpus, HttpClient client, Uri baseAddress, bool smoke)
{
    private readonly ConcurrentDictionary<string, Uri> _uris = new(StringComparer.Ordinal);

    public TestCorpus Corpus { get; } = corpus;

    public HttpClient Client { get; } = client;

    public Uri BaseAddress { get; } = baseAddress;

    /// <summary>True in the short CI form; profiles shrink their own work (e.g. churn's version count).</summary>
    public bool Smoke { get; } = smoke;

    /// <summary>The absolute URI of a URL path, built once and reused by every request.</summary>
    public Uri UriFor(string urlPath) => _uris.GetOrAdd(urlPath, static (path, b) => new Uri(b, path), BaseAddress);
}
