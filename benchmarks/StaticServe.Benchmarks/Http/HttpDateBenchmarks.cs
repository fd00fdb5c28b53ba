using BenchmarkDotNet.Attributes;
using Microsoft.Net.Http.Headers;
using StaticServe.Http;

namespace StaticServe.Benchmarks.Http;

/// <summary>HTTP-date parsing for If-Modified-Since: <see cref="HttpDate"/> against ASP.NET Core's <see cref="HeaderUtilities.TryParseDate"/> (budget: 0 B).</summary>
[MemoryDiagnoser]
public class HttpDateBenchmarks
{
    private const string Value = "Tue, 14 Nov 2023 22:13:20 GMT";

    [Benchmark(Baseline = true)]
    public long AspNetCoreTryParseDate() => HeaderUtilities.TryParseDate(Value, out var result) ? result.Ticks : 0;

    [Benchmark]
    public long TryParse() => HttpDate.TryParse(Value, out var result) ? result.Ticks : 0;
}
