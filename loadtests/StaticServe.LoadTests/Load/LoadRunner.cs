using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using StaticServe.LoadTests.Profiles;
using StaticServe.LoadTests.Reporting;

namespace StaticServe.LoadTests.Load;

/// <summary>Owns driving one phase: N workers in closed loops for a duration, timing and classifying each request.</summary>
internal static class LoadRunner
{
    /// <summary>Failure messages kept per phase: enough to see a pattern, not a flood.</summary>
    private const int FailureSamplesKept = 8;

    /// <summary>
    /// 120 s past the phase's end: a request still running then is hung (even 100 MiB over loopback
    /// takes about a second), so it is cancelled and counted as failed instead of stalling CI.
    /// </summary>
    private static readonly TimeSpan HangGrace = TimeSpan.FromSeconds(120);

    public static async Task<PhaseResult> RunAsync(
        Profile profile,
        IReadOnlyList<WorkerContext> workers,
        TimeSpan duration,
        string label,
        ProgressLine progress,
        CancellationToken cancellationToken)
    {
        var failures = new ConcurrentQueue<string>();
        using var hang = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        hang.CancelAfter(duration + HangGrace);

        var started = Stopwatch.GetTimestamp();
        var stopAt = started + (long)(duration.TotalSeconds * Stopwatch.Frequency);
        foreach (var worker in workers)
        {
            worker.ResetPhase();
        }

        var tasks = workers.Select(w => Task.Run(() => WorkerLoopAsync(profile, w, stopAt, failures, hang.Token))).ToArray();
        var all = Task.WhenAll(tasks);
        while (await Task.WhenAny(all, Task.Delay(progress.Interval, cancellationToken)) != all)
        {
            progress.Report(profile.Name, label, Stopwatch.GetElapsedTime(started), duration,
                workers.Sum(w => w.Requests), workers.Sum(w => w.Failures));
        }

        await all;
        var elapsed = Stopwatch.GetElapsedTime(started);
        progress.Complete();

        var latency = LatencyHistogram.Create();
        foreach (var worker in workers)
        {
            latency.Add(worker.Histogram);
        }

        return new PhaseResult(
            elapsed,
            workers.Sum(w => w.Requests),
            workers.Sum(w => w.Failures),
            workers.Sum(w => w.Aborts),
            workers.Sum(w => w.Bytes),
            workers.Sum(w => w.CacheHitHeaders),
            workers.Sum(w => w.CacheMissHeaders),
            latency,
            failures.ToArray());
    }

    private static async Task WorkerLoopAsync(
        Profile profile, WorkerContext worker, long stopAt, ConcurrentQueue<string> failures, CancellationToken cancellationToken)
    {
        while (Stopwatch.GetTimestamp() < stopAt)
        {
            var start = Stopwatch.GetTimestamp();
            RequestOutcome outcome;
            try
            {
                outcome = await profile.ExecuteAsync(worker, cancellationToken);
            }
            catch (Exception ex)
            {
                // Any exception is a failed request, never a crashed run: the report then shows
                // what the server did instead of a stack trace of the tool.
                outcome = RequestOutcome.Failed($"{ex.GetType().Name}: {ex.Message}");
            }

            worker.Sequence++;
            worker.Requests++;
            switch (outcome.Kind)
            {
                case OutcomeKind.Ok:
                    LatencyHistogram.Record(worker.Histogram, (long)Stopwatch.GetElapsedTime(start).TotalMicroseconds);
                    worker.Bytes += outcome.Bytes;
                    break;
                case OutcomeKind.Aborted:
                    worker.Aborts++;
                    worker.Bytes += outcome.Bytes;
                    break;
                default:
                    worker.Failures++;
                    if (failures.Count < FailureSamplesKept)
                    {
                        failures.Enqueue(string.Create(CultureInfo.InvariantCulture,
                            $"worker {worker.Index} request {worker.Sequence}: {outcome.Error}"));
                    }

                    break;
            }

            if (cancellationToken.IsCancellationRequested)
            {
                return;
            }
        }
    }
}
