using System.Globalization;

namespace StaticServe.LoadTests.Corpus;

/// <summary>Owns the deterministic corpus: its layout, sizes, and writing it to a folder.</summary>
internal static class CorpusGenerator
{
    public const string ChurnFolder = "churn";

    private const int KiB = 1024;
    private const int MiB = 1024 * KiB;

    /// <summary>1200 files: above the 1000 the wrk round-robin uses and the "1000+" the brief asks for.</summary>
    public const int ManySmallCount = 1200;

    /// <summary>2–8 KiB: the typical size of small icons, json and css fragments.</summary>
    private const int ManySmallMinBytes = 2 * KiB;
    private const int ManySmallMaxBytes = 8 * KiB;

    /// <summary>Fixed seed for the size draw, so every run (and every server in run.sh) sees one corpus.</summary>
    private const int SizeSeed = 20261203;

    /// <summary>
    /// A typical SPA build (sizes from common framework outputs): the page shell, one app and one vendor
    /// bundle plus chunks, styles, translations, icons, two fonts and images. Weights approximate how
    /// often a browser population fetches each (shell and small chunks more often than the hero image).
    /// </summary>
    private static readonly (string Path, int Bytes, CorpusKind Kind, int Weight)[] AssetSpecs =
    [
        ("/assets/index.html", 6 * KiB, CorpusKind.Text, 10),
        ("/assets/about.html", 18 * KiB, CorpusKind.Text, 3),
        ("/assets/css/site.css", 42 * KiB, CorpusKind.Text, 8),
        ("/assets/css/vendor.css", 160 * KiB, CorpusKind.Text, 6),
        ("/assets/js/runtime.js", 3 * KiB, CorpusKind.Text, 8),
        ("/assets/js/app.js", 310 * KiB, CorpusKind.Text, 8),
        ("/assets/js/vendor.js", 820 * KiB, CorpusKind.Text, 6),
        ("/assets/js/chunk-1.js", 24 * KiB, CorpusKind.Text, 5),
        ("/assets/js/chunk-2.js", 67 * KiB, CorpusKind.Text, 4),
        ("/assets/data/manifest.json", 1 * KiB, CorpusKind.Text, 6),
        ("/assets/data/i18n.json", 28 * KiB, CorpusKind.Text, 5),
        ("/assets/img/logo.svg", 4 * KiB, CorpusKind.Text, 8),
        ("/assets/img/icons.svg", 35 * KiB, CorpusKind.Text, 6),
        ("/assets/fonts/inter.woff2", 96 * KiB, CorpusKind.Binary, 5),
        ("/assets/fonts/mono.woff2", 44 * KiB, CorpusKind.Binary, 2),
        ("/assets/img/hero.webp", 180 * KiB, CorpusKind.Binary, 3),
        ("/assets/img/thumb-1.webp", 12 * KiB, CorpusKind.Binary, 4),
        ("/assets/img/thumb-2.webp", 19 * KiB, CorpusKind.Binary, 4),
        ("/assets/img/thumb-3.webp", 26 * KiB, CorpusKind.Binary, 4),
        ("/assets/img/thumb-4.webp", 30 * KiB, CorpusKind.Binary, 4),
    ];

    /// <summary>Builds the corpus in memory and writes it under <paramref name="root"/>.</summary>
    public static TestCorpus Create(string root)
    {
        Directory.CreateDirectory(root);
        var hot1K = Make("/hot/1k.bin", KiB, CorpusKind.Binary);
        var hot100K = Make("/hot/100k.bin", 100 * KiB, CorpusKind.Binary);
        var hot1M = Make("/hot/1m.bin", MiB, CorpusKind.Binary);
        var assets = AssetSpecs.Select(a => Make(a.Path, a.Bytes, a.Kind, a.Weight)).ToArray();

        var sizes = new Random(SizeSeed);
        var many = new CorpusFile[ManySmallCount];
        for (var i = 0; i < many.Length; i++)
        {
            var path = string.Create(CultureInfo.InvariantCulture, $"/many/f{i:D4}.bin");
            many[i] = Make(path, sizes.Next(ManySmallMinBytes, ManySmallMaxBytes + 1), CorpusKind.Binary);
        }

        var large10M = Make("/large/10m.bin", 10 * MiB, CorpusKind.Binary);
        var large100M = Make("/large/100m.bin", 100 * MiB, CorpusKind.Binary);

        var corpus = new TestCorpus(root, hot1K, hot100K, hot1M, assets, many, large10M, large100M);
        foreach (var file in All(corpus))
        {
            var path = Path.Combine(root, file.RelativePath);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllBytes(path, file.Content);
        }

        Directory.CreateDirectory(corpus.ChurnDirectory);
        return corpus;
    }

    /// <summary>Every static (never rewritten) file of the corpus.</summary>
    public static IEnumerable<CorpusFile> All(TestCorpus corpus) =>
        new[] { corpus.Hot1K, corpus.Hot100K, corpus.Hot1M, corpus.Large10M, corpus.Large100M }
            .Concat(corpus.Assets)
            .Concat(corpus.ManySmall);

    private static CorpusFile Make(string urlPath, int length, CorpusKind kind, int weight = 1)
    {
        var content = GC.AllocateUninitializedArray<byte>(length);
        var seed = ContentGenerator.Seed(urlPath, 0);
        if (kind == CorpusKind.Text)
        {
            ContentGenerator.FillText(seed, content);
        }
        else
        {
            ContentGenerator.FillBinary(seed, content);
        }

        return new CorpusFile(urlPath, content, weight);
    }
}
