using StaticServe.LoadTests.Load;

namespace StaticServe.LoadTests.Profiles;

/// <summary>Owns the many-files scenario: 1200 files of 2–8 KiB picked uniformly; all fit the default cache.</summary>
internal sealed class ManyFilesProfile : Profile
{
    public override string Name => "many-files";

    public override string Description => "GET 1200 files of 2-8 KiB uniformly (fits the cache)";

    /// <summary>0.99: about 6 MiB fits the default 50 MiB budget and every file is touched in Prepare.</summary>
    public override double? MinimumHitRatio => 0.99;

    public override Task PrepareAsync(ProfileContext context, CancellationToken cancellationToken) =>
        Warm.TouchAllAsync(context, context.Corpus.ManySmall, cancellationToken);

    public override ValueTask<RequestOutcome> ExecuteAsync(WorkerContext worker, CancellationToken cancellationToken)
    {
        var files = worker.Shared.Corpus.ManySmall;
        return ResponseVerifier.GetWholeFileAsync(worker, files[worker.Random.Next(files.Count)], cancellationToken);
    }
}
