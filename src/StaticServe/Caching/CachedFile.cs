using StaticServe.Http;
using StaticServe.Serving;

namespace StaticServe.Caching;

/// <summary>
/// One small file held whole in memory with every response header precomputed, so a cache hit
/// formats nothing and allocates nothing. The bytes belong to the cache (never a pooled buffer).
/// </summary>
internal sealed class CachedFile : IDiskValidated
{
    /// <summary>Bytes charged for the entry beyond its content: the object, its strings and the
    /// dictionary and list nodes (about 400 B measured with a heap snapshot, rounded up).</summary>
    public const int OverheadBytes = 512;

    private long _validatedAtMs;

    public CachedFile(string physicalPath, byte[] content, FileStatus status, string contentType, string cacheControl, string? etag, string? lastModified, long validatedAtMs)
    {
        PhysicalPath = physicalPath;
        Content = content;
        Status = status;
        ContentType = contentType;
        CacheControl = cacheControl;
        ETag = etag;
        LastModified = lastModified;
        ContentLength = content.Length;
        _validatedAtMs = validatedAtMs;
        Representation = new Representation(content.Length, contentType, cacheControl, etag, lastModified, lastModified is null ? null : status.ModifiedSeconds);
    }

    /// <summary>The metadata the protocol logic decides on, built once with the entry.</summary>
    public Representation Representation { get; }

    /// <summary>The file on disk this entry was read from.</summary>
    public string PhysicalPath { get; }

    /// <summary>The whole file.</summary>
    public byte[] Content { get; }

    /// <summary>The stat taken when the bytes were read; the entry is current while a new stat equals it.</summary>
    public FileStatus Status { get; }

    /// <summary>Content-Type header value.</summary>
    public string ContentType { get; }

    /// <summary>Cache-Control header value.</summary>
    public string CacheControl { get; }

    /// <summary>ETag header value, or null when ETags are off.</summary>
    public string? ETag { get; }

    /// <summary>Last-Modified header value (IMF-fixdate), or null when turned off.</summary>
    public string? LastModified { get; }

    /// <summary>Content length in bytes.</summary>
    public long ContentLength { get; }

    /// <summary>Bytes charged against the cache budget.</summary>
    public long SizeInBytes => Content.Length + OverheadBytes;

    /// <summary>Environment.TickCount64 of the last successful check against the disk.</summary>
    public long ValidatedAtMs
    {
        get => Volatile.Read(ref _validatedAtMs);
        set => Volatile.Write(ref _validatedAtMs, value);
    }
}
