using StaticServe.LoadTests.Load;

namespace StaticServe.LoadTests.Profiles;

/// <summary>Owns the large-download scenario: whole 10 MiB and 100 MiB files streamed through pooled buffers.</summary>
internal sealed class LargeDownloadProfile : Profile
{
    /// <summary>Every 5th request of a worker is the 100 MiB file: each worker fetches it even in the smoke run.</summary>
    private const int HugeEvery = 5;

    public override string Name => "large-download";

    public override string Description => "GET whole 10 MiB and 100 MiB files (streamed), every byte verified";

    /// <summary>8 connections: 8 × 100 MiB in flight already saturates a two-core loopback.</summary>
    public override ProfileShape FullShape => DefaultFullShape with { Concurrency = 8 };

    public override ProfileShape SmokeShape => DefaultSmokeShape with { Concurrency = 4 };

    /// <summary>30 s: a 100 MiB body shares two cores with verification and seven other streams.</summary>
    public override TimeSpan P99Bound => TimeSpan.FromSeconds(30);

    public override ValueTask<RequestOutcome> ExecuteAsync(WorkerContext worker, CancellationToken cancellationToken)
    {
        var corpus = worker.Shared.Corpus;
        var file = (worker.Sequence + worker.Index) % HugeEvery == 0 ? corpus.Large100M : corpus.Large10M;
        return ResponseVerifier.GetWholeFileAsync(worker, file, cancellationToken);
    }
}
