namespace StaticServe.Http;

/// <summary>SHELL - replaced by the Http helper.</summary>
internal static class RangeParser
{
    public const int MaxRanges = 16;

    public static RangeKind Parse(ReadOnlySpan<char> value, long length, Span<ByteRange> ranges, out int count) => throw new NotImplementedException();
}
