namespace StaticServe.LoadTests.Corpus;

/// <summary>Owns the generated file set, grouped the way the profiles and wrk workloads use it.</summary>
internal sealed class TestCorpus
{
    public TestCorpus(
        string root,
        CorpusFile hot1K,
        CorpusFile hot100K,
        CorpusFile hot1M,
        IReadOnlyList<CorpusFile> assets,
        IReadOnlyList<CorpusFile> manySmall,
        CorpusFile large10M,
        CorpusFile large100M)
    {
        Root = root;
        Hot1K = hot1K;
        Hot100K = hot100K;
        Hot1M = hot1M;
        Assets = assets;
        ManySmall = manySmall;
        Large10M = large10M;
        Large100M = large100M;
    }

    /// <summary>Absolute path of the folder the server is started on.</summary>
    public string Root { get; }

    public CorpusFile Hot1K { get; }

    public CorpusFile Hot100K { get; }

    public CorpusFile Hot1M { get; }

    /// <summary>A realistic web-app build: html, css, js, json, svg, woff2, webp.</summary>
    public IReadOnlyList<CorpusFile> Assets { get; }

    /// <summary>Many files of 2–8 KiB (the round-robin and eviction sets).</summary>
    public IReadOnlyList<CorpusFile> ManySmall { get; }

    public CorpusFile Large10M { get; }

    public CorpusFile Large100M { get; }

    /// <summary>Absolute path of the churn folder (rewritten by the churn profile only).</summary>
    public string ChurnDirectory => Path.Combine(Root, CorpusGenerator.ChurnFolder);
}
