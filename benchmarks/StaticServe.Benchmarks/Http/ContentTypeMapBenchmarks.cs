using BenchmarkDotNet.Attributes;
using Microsoft.AspNetCore.StaticFiles;
using StaticServe.Http;

namespace StaticServe.Benchmarks.Http;

/// <summary>Extension → Content-Type lookup: <see cref="ContentTypeMap"/> against ASP.NET Core's <see cref="FileExtensionContentTypeProvider"/> (budget: 0 B).</summary>
[MemoryDiagnoser]
public class ContentTypeMapBenchmarks
{
    private static readonly FileExtensionContentTypeProvider Provider = new();

    [Params("assets/app.5f3c9a.js", "INDEX.HTML", "LICENSE")]
    public string FileName { get; set; } = string.Empty;

    [Benchmark(Baseline = true)]
    public string AspNetCoreProvider() => Provider.TryGetContentType(FileName, out var contentType) ? contentType : ContentTypeMap.Default;

    [Benchmark]
    public string ForFileName() => ContentTypeMap.ForFileName(FileName);
}
