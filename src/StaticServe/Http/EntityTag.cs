namespace StaticServe.Http;

/// <summary>SHELL - replaced by the Http helper.</summary>
internal static class EntityTag
{
    public static string Create(long length, long modifiedUnixNanoseconds) => throw new NotImplementedException();
}
