using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Primitives;
using Microsoft.Net.Http.Headers;
using StaticServe.Http;

namespace StaticServe.Benchmarks.Http;

/// <summary>The If-None-Match → 304 decision: <see cref="Preconditions"/> against ASP.NET Core's header parsing (budget: 0 B).</summary>
[MemoryDiagnoser]
public class PreconditionsBenchmarks
{
    private const string ETag = "\"2800-17979cfe3d85cd15\"";

    private static readonly EntityTagHeaderValue ParsedETag = new(ETag);

    private static readonly DateTimeOffset LastModified = new(2023, 11, 14, 22, 13, 20, TimeSpan.Zero);

    private readonly StringValues _ifNoneMatch = new(ETag);

    private readonly StringValues _ifModifiedSince = new("Tue, 14 Nov 2023 22:13:20 GMT");

    [Benchmark(Baseline = true)]
    public bool AspNetCoreEntityTagList()
    {
        // What UseStaticFiles does per request: parse the list into objects, compare weakly.
        if (!EntityTagHeaderValue.TryParseList(_ifNoneMatch, out var tags))
        {
            return false;
        }

        foreach (var tag in tags)
        {
            if (tag.Compare(ParsedETag, useStrongComparison: false))
            {
                return true;
            }
        }

        return false;
    }

    [Benchmark]
    public int IfNoneMatchHit() =>
        (int)Preconditions.Evaluate(true, default, default, _ifNoneMatch, default, ETag, LastModified);

    [Benchmark]
    public int IfModifiedSinceHit() =>
        (int)Preconditions.Evaluate(true, default, default, default, _ifModifiedSince, ETag, LastModified);
}
