using StaticServe.LoadTests.Load;

namespace StaticServe.LoadTests.Profiles;

/// <summary>Owns the asset-mix scenario: a web app's html/css/js/json/svg/woff2/webp set with weighted frequencies.</summary>
internal sealed class AssetMixProfile : Profile
{
    private WeightedPicker? _picker;

    public override string Name => "asset-mix";

    public override string Description => "GET a realistic web-app asset set (1 KiB–820 KiB, weighted)";

    /// <summary>0.99: the whole set (about 2 MiB) fits the default 50 MiB cache and is touched in Prepare.</summary>
    public override double? MinimumHitRatio => 0.99;

    public override async Task PrepareAsync(ProfileContext context, CancellationToken cancellationToken)
    {
        _picker = new WeightedPicker(context.Corpus.Assets);
        await Warm.TouchAllAsync(context, context.Corpus.Assets, cancellationToken);
    }

    public override ValueTask<RequestOutcome> ExecuteAsync(WorkerContext worker, CancellationToken cancellationToken) =>
        ResponseVerifier.GetWholeFileAsync(worker, _picker!.Next(worker.Random), cancellationToken);
}
