using System.Globalization;
using System.Net;
using StaticServe.LoadTests.Cli;
using StaticServe.LoadTests.Corpus;
using StaticServe.LoadTests.Profiles;
using StaticServe.LoadTests.Reporting;
using StaticServe.LoadTests.Server;

namespace StaticServe.LoadTests.Load;

/// <summary>Owns one profile run end to end: its own server, prepare, warm-up, measured phase, stats, checks.</summary>
internal static class ProfileExecutor
{
    /// <summary>10 s to connect: loopback connects take microseconds; only a wedged accept loop hits this.</summary>
    private static readonly TimeSpan ConnectTimeout = TimeSpan.FromSeconds(10);

    public static async Task<ProfileReport> RunAsync(
        Profile profile, RunnerSettings settings, TestCorpus corpus, ProgressLine progress, CancellationToken cancellationToken)
    {
        var shape = settings.Smoke ? profile.SmokeShape : profile.FullShape;
        shape = new ProfileShape(
            settings.WarmUp ?? shape.WarmUp,
            settings.Duration ?? shape.Duration,
            settings.Concurrency ?? shape.Concurrency);

        PhaseResult? measured = null;
        StatsSnapshot? before = null;
        StatsSnapshot? after = null;
        long warmUpFailures = 0;
        string? error = null;
        var notes = new List<string>();

        try
        {
            await using var server = await ServerProcess.StartAsync(settings.ServerPath, corpus.Root, profile.ServerArguments, cancellationToken);
            using var handler = new SocketsHttpHandler
            {
                MaxConnectionsPerServer = shape.Concurrency,
                PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
                ConnectTimeout = ConnectTimeout,
                UseCookies = false,
                AllowAutoRedirect = false,
                AutomaticDecompression = DecompressionMethods.None,
            };

            // The runner's own hang guard cancels stuck requests; HttpClient's 100 s default would
            // fail a legitimate 100 MiB download on a slow, shared machine.
            using var client = new HttpClient(handler) { Timeout = Timeout.InfiniteTimeSpan };
            var context = new ProfileContext(corpus, client, server.BaseAddress, settings.Smoke);
            var stats = new StatsClient(client, server.BaseAddress);
            var workers = Enumerable.Range(0, shape.Concurrency).Select(i => new WorkerContext(context, i)).ToArray();

            await profile.PrepareAsync(context, cancellationToken);
            try
            {
                var warm = await LoadRunner.RunAsync(profile, workers, shape.WarmUp, "warm-up", progress, cancellationToken);
                warmUpFailures = warm.Failures;
                foreach (var sample in warm.FailureSamples)
                {
                    notes.Add("warm-up failure: " + sample);
                }

                before = await stats.ReadAsync(cancellationToken);
                measured = await LoadRunner.RunAsync(profile, workers, shape.Duration, "measure", progress, cancellationToken);
            }
            finally
            {
                await profile.StopAsync();
            }

            after = await stats.ReadAfterDrainAsync(cancellationToken);
            notes.AddRange(profile.Notes());
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // One broken profile (server did not start, prepare failed) fails that profile; the
            // others still run and the summary still prints.
            error = $"{ex.GetType().Name}: {ex.Message}";
        }

        var checks = measured is null ? [] : Check(profile, settings, measured, warmUpFailures, before, after);
        return new ProfileReport(profile.Name, profile.Description, profile.ServerArguments, shape.Concurrency,
            shape.WarmUp, measured, before, after, checks, notes, error);
    }

    private static List<CheckResult> Check(
        Profile profile, RunnerSettings settings, PhaseResult measured, long warmUpFailures, StatsSnapshot? before, StatsSnapshot? after)
    {
        var checks = new List<CheckResult>
        {
            new("responses verified", measured.Failures == 0 && warmUpFailures == 0,
                Inv($"{measured.Failures} of {measured.Requests:N0} measured and {warmUpFailures} warm-up requests failed")),
            new("requests made", measured.Requests - measured.Failures - measured.Aborts > 0,
                Inv($"{measured.Requests - measured.Failures - measured.Aborts:N0} complete responses")),
        };

        var p99 = LatencyHistogram.PercentileMs(measured.Latency, 99);
        checks.Add(new("p99 latency", p99 <= profile.P99Bound.TotalMilliseconds,
            Inv($"{p99:F2} ms <= {profile.P99Bound.TotalMilliseconds:N0} ms")));

        if (before is null || after is null)
        {
            checks.Add(new("server /stats", settings.AllowMissingStats,
                settings.AllowMissingStats ? "absent; cache and pool checks skipped (--allow-missing-stats)" : "GET /stats answered 404"));
            return checks;
        }

        var hits = after.CacheHits - before.CacheHits;
        var misses = after.CacheMisses - before.CacheMisses;
        var ratio = hits + misses == 0 ? 0 : (double)hits / (hits + misses);
        if (profile.MinimumHitRatio is { } min)
        {
            checks.Add(new("cache hit ratio", ratio >= min, Inv($"{ratio:F4} >= {min} ({hits:N0} hits, {misses:N0} misses)")));
        }

        if (profile.MaximumHitRatio is { } max)
        {
            checks.Add(new("cache budget honoured", ratio <= max, Inv($"hit ratio {ratio:F4} <= {max} under a small --cache-mb")));
        }

        if (profile.ExpectsEvictions)
        {
            var evictions = after.CacheEvictions - before.CacheEvictions;
            checks.Add(new("evictions", evictions > 0, Inv($"{evictions:N0} > 0")));
        }

        checks.Add(new("pool drained", after.PoolInUse == 0, Inv($"poolInUse {after.PoolInUse} == 0 after the profile")));
        return checks;
    }

    private static string Inv(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
