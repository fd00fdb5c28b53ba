using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using StaticServe.LoadTests.Corpus;
using StaticServe.LoadTests.Profiles;

namespace StaticServe.LoadTests.Cli;

/// <summary>Owns the command line: flags, their parsing, and dispatch to the runner or the corpus writer.</summary>
internal static class RunnerCommand
{
    /// <summary>Exit code for a bad command line, distinct from "a profile failed" (1).</summary>
    private const int UsageError = 2;

    public static RootCommand Create()
    {
        var smoke = new Option<bool>("--smoke") { Description = "Run every profile in its short form (CI: about 2 minutes)." };
        var profile = new Option<string[]>("--profile")
        {
            Description = "Profile to run (repeatable); default all. Names: " + string.Join(", ", ProfileCatalog.CreateAll().Select(p => p.Name)),
        };
        var duration = new Option<TimeSpan?>("--duration")
        {
            Description = "Measured duration per profile: 30, 30s, 2m.",
            CustomParser = ParseDuration,
        };
        var warmUp = new Option<TimeSpan?>("--warmup")
        {
            Description = "Warm-up per profile: 5, 5s, 1m.",
            CustomParser = ParseDuration,
        };
        var concurrency = new Option<int?>("--concurrency") { Description = "Connections (virtual users) per profile." };
        var server = new Option<string?>("--server") { Description = "Server executable or .dll (default: src/StaticServe Release build output)." };
        var allowMissingStats = new Option<bool>("--allow-missing-stats") { Description = "Skip /stats checks when the server has none (peer apps)." };
        var keepCorpus = new Option<bool>("--keep-corpus") { Description = "Keep the generated corpus folder." };
        var writeCorpus = new Option<string?>("--write-corpus") { Description = "Only write the corpus to this folder and exit (used by run.sh)." };
        var list = new Option<bool>("--list") { Description = "List the profiles and exit." };

        var root = new RootCommand("StaticServe load tests over real sockets: starts the server on a generated corpus and runs profiles.")
        {
            smoke, profile, duration, warmUp, concurrency, server, allowMissingStats, keepCorpus, writeCorpus, list,
        };

        root.SetAction(async (result, cancellationToken) =>
        {
            if (result.GetValue(list))
            {
                foreach (var p in ProfileCatalog.CreateAll())
                {
                    Console.WriteLine($"{p.Name,-18} {p.Description}");
                }

                return 0;
            }

            if (result.GetValue(writeCorpus) is { } corpusFolder)
            {
                var corpus = CorpusGenerator.Create(Path.GetFullPath(corpusFolder));
                Console.WriteLine($"corpus written to {corpus.Root}");
                return 0;
            }

            var serverPath = result.GetValue(server) ?? DefaultServerPath();
            if (serverPath is null || !File.Exists(serverPath))
            {
                await Console.Error.WriteLineAsync(
                    $"server not found: {serverPath ?? "(no repository root above the runner)"}; build it with `dotnet build src/StaticServe -c Release` or pass --server");
                return UsageError;
            }

            var names = result.GetValue(profile) ?? [];
            var known = ProfileCatalog.CreateAll().Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
            var unknown = names.Where(n => !known.Contains(n)).ToArray();
            if (unknown.Length > 0)
            {
                await Console.Error.WriteLineAsync($"--profile: unknown {string.Join(", ", unknown)}; known: {string.Join(", ", known)}");
                return UsageError;
            }

            if (result.GetValue(concurrency) is < 1)
            {
                await Console.Error.WriteLineAsync("--concurrency must be at least 1");
                return UsageError;
            }

            var settings = new RunnerSettings
            {
                Smoke = result.GetValue(smoke),
                Profiles = names,
                Duration = result.GetValue(duration),
                WarmUp = result.GetValue(warmUp),
                Concurrency = result.GetValue(concurrency),
                ServerPath = Path.GetFullPath(serverPath),
                AllowMissingStats = result.GetValue(allowMissingStats),
                KeepCorpus = result.GetValue(keepCorpus),
            };
            return await Runner.RunAsync(settings, cancellationToken);
        });
        return root;
    }

    /// <summary>The server's own Release output, found by walking up from the runner to the solution file.</summary>
    private static string? DefaultServerPath()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "StaticServe.sln")))
            {
                return Path.Combine(dir.FullName, "src", "StaticServe", "bin", "Release", "net10.0", "staticserve");
            }
        }

        return null;
    }

    private static TimeSpan? ParseDuration(ArgumentResult result)
    {
        var text = result.Tokens.Count == 1 ? result.Tokens[0].Value.Trim() : "";
        var (number, unit) = text.EndsWith('m') ? (text[..^1], 60.0)
            : text.EndsWith('s') ? (text[..^1], 1.0)
            : (text, 1.0);
        if (double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value > 0)
        {
            return TimeSpan.FromSeconds(value * unit);
        }

        result.AddError($"{result.Parent?.ToString() ?? "duration"}: '{text}' is not a positive duration (30, 30s, 2m)");
        return null;
    }
}
