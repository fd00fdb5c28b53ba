namespace StaticServe.Http;

/// <summary>SHELL - replaced by the Http helper.</summary>
internal static class ContentTypeMap
{
    public const string Default = "application/octet-stream";

    public static string ForFileName(ReadOnlySpan<char> fileName) => throw new NotImplementedException();

    public static bool IsHtml(string contentType) => throw new NotImplementedException();
}
