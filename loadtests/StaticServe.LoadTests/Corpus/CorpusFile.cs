namespace StaticServe.LoadTests.Corpus;

/// <summary>One generated file: where it lives, the URL that serves it, and its exact bytes.</summary>
/// <param name="UrlPath">Absolute URL path, e.g. <c>/hot/1k.bin</c>.</param>
/// <param name="Content">The bytes on disk; responses are compared against them.</param>
/// <param name="Weight">Relative request frequency inside a mix (1 = uniform).</param>
internal sealed record CorpusFile(string UrlPath, byte[] Content, int Weight = 1)
{
    /// <summary>Path relative to the corpus root, with the platform separator.</summary>
    public string RelativePath => UrlPath.TrimStart('/').Replace('/', Path.DirectorySeparatorChar);

    public long Length => Content.LongLength;
}
