using System.Globalization;
using HdrHistogram;
using StaticServe.LoadTests.Load;

namespace StaticServe.LoadTests.Reporting;

/// <summary>Owns the printed report: one block per profile, then a summary table and the final count line.</summary>
internal static class ReportWriter
{
    private const double Mega = 1_000_000;

    public static void WriteProfile(ProfileReport report)
    {
        var w = Console.Out;
        var args = report.ServerArguments.Count == 0 ? "(defaults)" : string.Join(' ', report.ServerArguments);
        w.WriteLine(Inv($"── {report.Name}: {report.Description}"));
        w.WriteLine(Inv($"   server args {args}; concurrency {report.Concurrency}; warm-up {report.WarmUp.TotalSeconds:F0} s"));
        if (report.Measured is { } m)
        {
            w.WriteLine(Inv($"   requests   {m.Requests:N0} in {m.Elapsed.TotalSeconds:F1} s = {m.RequestsPerSecond:N0} req/s; ok {m.Requests - m.Failures - m.Aborts:N0}, failed {m.Failures:N0}, aborted (intended) {m.Aborts:N0}"));
            w.WriteLine(Inv($"   data       {m.Bytes / Mega:N1} MB = {m.BytesPerSecond / Mega:N1} MB/s"));
            w.WriteLine(Inv($"   latency ms p50 {P(m, 50):F2}  p90 {P(m, 90):F2}  p99 {P(m, 99):F2}  max {m.Latency.GetMaxValue() / 1000.0:F2}"));
            if (m.CacheHitHeaders + m.CacheMissHeaders > 0)
            {
                w.WriteLine(Inv($"   X-Cache    HIT {m.CacheHitHeaders:N0}, MISS {m.CacheMissHeaders:N0}"));
            }
        }

        if (report.Before is { } b && report.After is { } a && report.Measured is { } r)
        {
            var hits = a.CacheHits - b.CacheHits;
            var misses = a.CacheMisses - b.CacheMisses;
            var ratio = hits + misses == 0 ? 0 : (double)hits / (hits + misses);
            var served = Math.Max(1, a.Requests - b.Requests);
            w.WriteLine(Inv($"   server     hits {hits:N0}, misses {misses:N0} (ratio {ratio:F3}), evictions {a.CacheEvictions - b.CacheEvictions:N0}, invalidations {a.CacheInvalidations - b.CacheInvalidations:N0}"));
            w.WriteLine(Inv($"              pool rents {a.PoolRents - b.PoolRents:N0}, temporary {a.PoolTemporaryAllocations - b.PoolTemporaryAllocations:N0}, in use after {a.PoolInUse}; allocated {(double)(a.TotalAllocatedBytes - b.TotalAllocatedBytes) / served:N0} B/request; gen0 {a.GcGen0 - b.GcGen0}, gen2 {a.GcGen2 - b.GcGen2}; working set {a.WorkingSetBytes / (1024.0 * 1024):N0} MiB"));
        }

        foreach (var note in report.Notes)
        {
            w.WriteLine("   note       " + note);
        }

        if (report.Measured is { FailureSamples.Count: > 0 } failed)
        {
            foreach (var sample in failed.FailureSamples)
            {
                w.WriteLine("   failure    " + sample);
            }
        }

        foreach (var check in report.Checks)
        {
            w.WriteLine(Inv($"   [{(check.Passed ? "pass" : "FAIL")}] {check.Name}: {check.Detail}"));
        }

        if (report.Error is not null)
        {
            w.WriteLine("   [FAIL] " + report.Error);
        }

        w.WriteLine(report.Passed ? "   PASS" : "   FAIL");
        w.WriteLine();
    }

    public static void WriteSummary(IReadOnlyList<ProfileReport> reports)
    {
        var w = Console.Out;
        w.WriteLine("profile            |      req/s |      MB/s |  p50 ms |  p90 ms |  p99 ms | errors | result");
        w.WriteLine("-------------------|-----------:|----------:|--------:|--------:|--------:|-------:|-------");
        foreach (var r in reports)
        {
            var m = r.Measured;
            w.WriteLine(m is null
                ? Inv($"{r.Name,-18} |          - |         - |       - |       - |       - |      - | {(r.Passed ? "pass" : "FAIL")}")
                : Inv($"{r.Name,-18} | {m.RequestsPerSecond,10:N0} | {m.BytesPerSecond / Mega,9:N1} | {P(m, 50),7:F2} | {P(m, 90),7:F2} | {P(m, 99),7:F2} | {m.Failures,6:N0} | {(r.Passed ? "pass" : "FAIL")}"));
        }

        w.WriteLine();
        var passed = reports.Count(r => r.Passed);
        w.WriteLine(Inv($"{passed} passed, {reports.Count - passed} failed"));
    }

    private static double P(PhaseResult phase, double percentile) => LatencyHistogram.PercentileMs(phase.Latency, percentile);

    private static string Inv(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
