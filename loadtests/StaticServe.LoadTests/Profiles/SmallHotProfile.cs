using StaticServe.LoadTests.Load;

namespace StaticServe.LoadTests.Profiles;

/// <summary>Owns the small-hot scenario: one 1 KiB file, always a cache hit; the per-request overhead figure.</summary>
internal sealed class SmallHotProfile : Profile
{
    public override string Name => "small-hot";

    public override string Description => "GET one 1 KiB cached file";

    /// <summary>0.99: after the warm-up every request should hit; one miss per revalidation is tolerated.</summary>
    public override double? MinimumHitRatio => 0.99;

    public override ValueTask<RequestOutcome> ExecuteAsync(WorkerContext worker, CancellationToken cancellationToken) =>
        ResponseVerifier.GetWholeFileAsync(worker, worker.Shared.Corpus.Hot1K, cancellationToken);
}
