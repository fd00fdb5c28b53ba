using System.Diagnostics;
using System.Net;

namespace StaticServe.LoadTests.Server;

/// <summary>Owns reading <c>/stats</c> from a running server, including waiting for the pool to drain.</summary>
internal sealed class StatsClient(HttpClient client, Uri baseAddress)
{
    /// <summary>
    /// 5 s: after the last client request completes, the server may still be noticing aborted
    /// connections (a write to a reset socket fails on its next send); that takes milliseconds,
    /// so 5 s only matters when a buffer really leaked.
    /// </summary>
    private static readonly TimeSpan PoolDrainTimeout = TimeSpan.FromSeconds(5);

    /// <summary>50 ms between reads while waiting for the pool to drain.</summary>
    private static readonly TimeSpan PoolDrainPollInterval = TimeSpan.FromMilliseconds(50);

    private readonly Uri _statsUri = new(baseAddress, "stats");

    /// <summary>The current counters, or null when the server has no <c>/stats</c> (a peer app).</summary>
    public async Task<StatsSnapshot?> ReadAsync(CancellationToken cancellationToken)
    {
        using var response = await client.GetAsync(_statsUri, cancellationToken);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return null;
        }

        response.EnsureSuccessStatusCode();
        return StatsSnapshot.Parse(await response.Content.ReadAsStringAsync(cancellationToken));
    }

    /// <summary>Reads until <c>poolInUse</c> is 0 or the drain timeout passes; returns the last reading.</summary>
    public async Task<StatsSnapshot?> ReadAfterDrainAsync(CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(PoolDrainTimeout.TotalSeconds * Stopwatch.Frequency);
        while (true)
        {
            var snapshot = await ReadAsync(cancellationToken);
            if (snapshot is null || snapshot.PoolInUse == 0 || Stopwatch.GetTimestamp() > deadline)
            {
                return snapshot;
            }

            await Task.Delay(PoolDrainPollInterval, cancellationToken);
        }
    }
}
