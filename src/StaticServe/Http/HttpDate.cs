namespace StaticServe.Http;

/// <summary>SHELL - replaced by the Http helper.</summary>
internal static class HttpDate
{
    public static string Format(DateTimeOffset value) => throw new NotImplementedException();

    public static bool TryParse(ReadOnlySpan<char> value, out DateTimeOffset result) => throw new NotImplementedException();
}
