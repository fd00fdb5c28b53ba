using Microsoft.Win32.SafeHandles;
using StaticServe.Http;
using StaticServe.Serving;

namespace StaticServe.Tests.Serving;

/// <summary>
/// The open-handle cache of streamed files: reference counting (a handle closes exactly when its last
/// user lets go, never under a running download), the count bound, idle sweeping, and a soak with an
/// integrity check.
/// </summary>
public sealed class OpenFileCacheTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("openfiles-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void Handle_StaysOpenWhileARequestHoldsIt_AfterTheCacheDropsIt()
    {
        using var cache = new OpenFileCache(4, sweepPeriodically: false);
        var file = Open("a.bin", 100, now: 0);
        Assert.True(cache.TryAdd("/a.bin", file));
        Assert.Equal(2, file.References);

        Assert.True(cache.TryAcquire("/a.bin", 5, out var hit));
        Assert.Same(file, hit);
        file.Release(); // the creating request ends
        Assert.True(cache.Remove("/a.bin", file));

        // The request served from the cache still reads through the handle.
        Assert.False(hit.Handle.IsClosed);
        Span<byte> one = stackalloc byte[1];
        Assert.Equal(1, RandomAccess.Read(hit.Handle, one, 99));
        hit.Release();
        Assert.True(hit.Handle.IsClosed);
        Assert.Equal(0, cache.Count);
    }

    [Fact]
    public void TryAcquire_AfterTheLastReleaseFails_SoAClosedHandleIsNeverHandedOut()
    {
        var file = Open("b.bin", 10, now: 0);
        file.Release();
        Assert.True(file.Handle.IsClosed);
        Assert.False(file.TryAcquire());
        Assert.Throws<InvalidOperationException>(file.Release);
    }

    [Fact]
    public void TryAdd_RespectsCapacity_AndTheFirstWriterWins()
    {
        using var cache = new OpenFileCache(2, sweepPeriodically: false);
        var a = Open("a.bin", 1, 0);
        var b = Open("b.bin", 1, 0);
        var c = Open("c.bin", 1, 0);
        var a2 = Open("a.bin", 1, 0);
        Assert.True(cache.TryAdd("/a", a));
        Assert.False(cache.TryAdd("/a", a2));
        Assert.Equal(1, a2.References); // the loser keeps only its creator's reference
        Assert.True(cache.TryAdd("/b", b));
        Assert.False(cache.TryAdd("/c", c));
        Assert.Equal(1, c.References);
        Assert.Equal(2, cache.Count);
        foreach (var f in new[] { a, b, c, a2 })
        {
            f.Release();
        }

        Assert.False(a.Handle.IsClosed); // still cached
        Assert.True(c.Handle.IsClosed);
        Assert.True(a2.Handle.IsClosed);
    }

    [Fact]
    public void ZeroCapacity_CachesNothing()
    {
        using var cache = new OpenFileCache(0);
        var a = Open("a.bin", 1, 0);
        Assert.False(cache.TryAdd("/a", a));
        a.Release();
        Assert.True(a.Handle.IsClosed);
    }

    [Fact]
    public void Sweep_ClosesOnlyEntriesIdleForTheLimit()
    {
        using var cache = new OpenFileCache(4, sweepPeriodically: false);
        var old = Open("old.bin", 1, now: 1_000);
        var recent = Open("recent.bin", 1, now: 1_000);
        cache.TryAdd("/old", old);
        cache.TryAdd("/recent", recent);
        old.Release();
        recent.Release();
        Assert.True(cache.TryAcquire("/recent", 15_000, out var used));
        used.Release();

        Assert.Equal(0, cache.Sweep(1_000 + OpenFileCache.IdleMilliseconds - 1));
        Assert.Equal(1, cache.Sweep(1_000 + OpenFileCache.IdleMilliseconds));
        Assert.True(old.Handle.IsClosed);
        Assert.False(recent.Handle.IsClosed);
        Assert.False(cache.TryAcquire("/old", 0, out _));
        Assert.Equal(1, cache.Count);
        Assert.Equal(1, cache.Closes);
    }

    [Fact]
    public void Dispose_ClosesEveryIdleHandle()
    {
        var cache = new OpenFileCache(4, sweepPeriodically: false);
        var a = Open("a.bin", 1, 0);
        cache.TryAdd("/a", a);
        a.Release();
        cache.Dispose();
        Assert.True(a.Handle.IsClosed);
        Assert.Equal(0, cache.Count);
    }

    /// <summary>Soak: readers, removers and adders race on a few keys behind a start gate; every read
    /// through an acquired handle must succeed, and afterwards every handle is closed exactly when it
    /// has no reference left.</summary>
    [Fact]
    public void Soak_ConcurrentAcquireRemoveAdd_NeverReadsAClosedHandle()
    {
        var cache = new OpenFileCache(3, sweepPeriodically: false);
        var created = new System.Collections.Concurrent.ConcurrentBag<OpenFile>();
        for (var i = 0; i < 4; i++)
        {
            File.WriteAllBytes(Path.Combine(_dir, $"f{i}.bin"), new byte[64]);
        }

        using var gate = new ManualResetEventSlim();
        var failures = 0;
        var threads = Enumerable.Range(0, 8).Select(t => new Thread(() =>
        {
            gate.Wait();
            var random = new Random(t);
            Span<byte> buffer = stackalloc byte[8];
            for (var n = 0; n < 20_000; n++)
            {
                var key = "/f" + random.Next(4);
                if (cache.TryAcquire(key, n, out var file))
                {
                    try
                    {
                        if (RandomAccess.Read(file.Handle, buffer, 8) != 8)
                        {
                            Interlocked.Increment(ref failures);
                        }

                        if (random.Next(8) == 0)
                        {
                            cache.Remove(key, file);
                        }
                    }
                    catch (ObjectDisposedException)
                    {
                        Interlocked.Increment(ref failures);
                    }
                    finally
                    {
                        file.Release();
                    }
                }
                else
                {
                    var opened = Open(key[1..] + ".bin", 64, n);
                    created.Add(opened);
                    cache.TryAdd(key, opened);
                    opened.Release();
                }
            }
        })).ToList();
        threads.ForEach(t => t.Start());
        gate.Set();
        threads.ForEach(t => t.Join());

        Assert.Equal(0, failures);
        Assert.InRange(cache.Count, 0, 3);
        var cached = created.Where(f => !f.Handle.IsClosed).ToList();
        Assert.Equal(cache.Count, cached.Count);
        Assert.All(cached, f => Assert.Equal(1, f.References)); // the cache's reference only
        cache.Dispose();
        Assert.All(created, f => Assert.True(f.Handle.IsClosed));
    }

    private OpenFile Open(string name, int length, long now)
    {
        var path = Path.Combine(_dir, name);
        if (!File.Exists(path))
        {
            File.WriteAllBytes(path, new byte[length]);
        }

        SafeFileHandle handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        var status = FileStatReader.Stat(handle, path);
        var representation = new Representation(status.Length, "application/octet-stream", "no-cache", null, null, null);
        return new OpenFile(path, handle, status, representation, now);
    }
}
