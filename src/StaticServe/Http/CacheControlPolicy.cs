namespace StaticServe.Http;

/// <summary>
/// Chooses the Cache-Control of a successful response. HTML gets `no-cache` unless the operator set a
/// value explicitly: pages are the entry points that name hashed assets, so a browser must revalidate
/// them (cheaply, with the ETag) for a new deploy to show up, while the assets themselves can be cached
/// for the configured lifetime.
/// </summary>
internal sealed class CacheControlPolicy(string configured, bool explicitlySet)
{
    /// <summary>Sent with HTML by default: cache, but revalidate every time (RFC 9111 §5.2.2.4).</summary>
    public const string Revalidate = "no-cache";

    /// <summary>Sent with error responses: a 404 must not outlive the deploy that fixes it.</summary>
    public const string NoStore = "no-store";

    /// <summary>The value for a representation of <paramref name="contentType"/>.</summary>
    public string For(string contentType) =>
        !explicitlySet && ContentTypeMap.IsHtml(contentType) ? Revalidate : configured;
}
