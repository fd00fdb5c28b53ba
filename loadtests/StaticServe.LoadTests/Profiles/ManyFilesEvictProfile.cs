using StaticServe.LoadTests.Load;

namespace StaticServe.LoadTests.Profiles;

/// <summary>Owns the eviction scenario: the 1200-file set against a 2 MiB cache, so LRU must evict constantly.</summary>
internal sealed class ManyFilesEvictProfile : Profile
{
    /// <summary>2 MiB: about a third of the ~6 MiB set, so uniform access hits roughly a third of the time.</summary>
    private const string CacheMb = "2";

    public override string Name => "many-files-evict";

    public override string Description => "GET 1200 files of 2-8 KiB uniformly with --cache-mb 2 (forces eviction)";

    public override IReadOnlyList<string> ServerArguments => ["--cache-mb", CacheMb];

    public override bool ExpectsEvictions => true;

    /// <summary>
    /// 0.8: an LRU holding a third of a uniformly accessed set hits about 0.33; a cache that ignored
    /// the byte budget would hit about 1.0. The bound separates the two with a wide margin.
    /// </summary>
    public override double? MaximumHitRatio => 0.8;

    public override ValueTask<RequestOutcome> ExecuteAsync(WorkerContext worker, CancellationToken cancellationToken)
    {
        var files = worker.Shared.Corpus.ManySmall;
        return ResponseVerifier.GetWholeFileAsync(worker, files[worker.Random.Next(files.Count)], cancellationToken);
    }
}
