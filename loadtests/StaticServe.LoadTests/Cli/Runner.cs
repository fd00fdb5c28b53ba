using System.Globalization;
using System.Runtime.InteropServices;
using StaticServe.LoadTests.Corpus;
using StaticServe.LoadTests.Load;
using StaticServe.LoadTests.Profiles;
using StaticServe.LoadTests.Reporting;

namespace StaticServe.LoadTests.Cli;

/// <summary>Owns one full run: generate the corpus, run each selected profile, print the report, pick the exit code.</summary>
internal static class Runner
{
    public static async Task<int> RunAsync(RunnerSettings settings, CancellationToken cancellationToken)
    {
        var root = Path.Combine(Path.GetTempPath(), string.Create(CultureInfo.InvariantCulture, $"staticserve-load-{Environment.ProcessId}"));
        Console.WriteLine($"StaticServe load tests ({(settings.Smoke ? "smoke" : "full")}) — server {settings.ServerPath}");
        Console.WriteLine($"machine: {Environment.ProcessorCount} cores, {RuntimeInformation.OSDescription}, .NET {Environment.Version}");
        var corpus = CorpusGenerator.Create(root);
        Console.WriteLine($"corpus: {root} ({CorpusGenerator.All(corpus).Sum(f => f.Length) / (1024.0 * 1024):F0} MiB)");
        Console.WriteLine();

        var progress = new ProgressLine();
        var reports = new List<ProfileReport>();
        try
        {
            foreach (var profile in ProfileCatalog.CreateAll())
            {
                if (settings.Profiles.Count > 0 && !settings.Profiles.Contains(profile.Name))
                {
                    continue;
                }

                var report = await ProfileExecutor.RunAsync(profile, settings, corpus, progress, cancellationToken);
                ReportWriter.WriteProfile(report);
                reports.Add(report);
            }
        }
        finally
        {
            if (!settings.KeepCorpus)
            {
                Directory.Delete(root, recursive: true);
            }
        }

        ReportWriter.WriteSummary(reports);
        return reports.All(r => r.Passed) ? 0 : 1;
    }
}
