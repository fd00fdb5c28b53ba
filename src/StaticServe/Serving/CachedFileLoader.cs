using Microsoft.Win32.SafeHandles;
using StaticServe.Caching;

namespace StaticServe.Serving;

/// <summary>
/// Reads a small file whole into a new cache entry. The stat that keys the entry is taken on the
/// open handle before and after the read; if they differ (the file was written meanwhile) the read
/// is retried, so an entry's bytes always belong to its ETag and never mix two versions.
/// </summary>
internal sealed class CachedFileLoader(RepresentationFactory representations, ServedRoot root)
{
    /// <summary>Three tries: a file rewritten continuously is streamed instead of cached.</summary>
    private const int MaxAttempts = 3;

    /// <summary>The entry, or null when the file is gone, outside the root once opened, not a regular
    /// file, larger than <paramref name="maxBytes"/>, or kept changing.</summary>
    public CachedFile? Load(string physicalPath, long maxBytes)
    {
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            SafeFileHandle handle;
            try
            {
                handle = File.OpenHandle(physicalPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                return null;
            }

            using (handle)
            {
                if (!root.IsServable(handle, physicalPath))
                {
                    // Swapped for a link out of the root after the caller's check: never read it.
                    return null;
                }

                var before = FileStatReader.Stat(handle, physicalPath);
                if (before.Kind != FileKind.File || before.Length > maxBytes)
                {
                    return null;
                }

                var content = before.Length == 0 ? [] : GC.AllocateUninitializedArray<byte>((int)before.Length);
                var total = 0;
                try
                {
                    while (total < content.Length)
                    {
                        var read = RandomAccess.Read(handle, content.AsSpan(total), total);
                        if (read == 0)
                        {
                            break;
                        }

                        total += read;
                    }
                }
                catch (IOException)
                {
                    return null;
                }

                var after = FileStatReader.Stat(handle, physicalPath);
                if (total == content.Length && after == before)
                {
                    var r = representations.Create(physicalPath, before);
                    return new CachedFile(physicalPath, content, before, r.ContentType, r.CacheControl, r.ETag, r.LastModified, Environment.TickCount64);
                }
            }
        }

        return null;
    }
}
