using System.Collections.Concurrent;
using Microsoft.AspNetCore.Server.Kestrel.Core.Features;

namespace StaticServe.Serving;

/// <summary>
/// Drops a response whose client has accepted no data for <see cref="Timeout"/>, like nginx's
/// send_timeout (60 s). Kestrel's minimum data rate cannot do this for large bodies: it grants each
/// write bytes ÷ 240 B/s, so the megabytes a socket accepts up front bought a client that then stops
/// reading hours of grace, holding its connection, file handle and buffers (measured: 200 such
/// clients of a 100 MiB file were all still held after 150 s). Only responses that wait on the
/// client more than once register (streamed files, cached bodies above one slice); a progress mark
/// is one store per flush.
/// </summary>
internal sealed class SendWatchdog : IDisposable
{
    private readonly ConcurrentDictionary<Watch, byte> _active = new();
    private readonly long _timeoutMs;
    private readonly Timer _timer;
    private long _dropped;

    public SendWatchdog(TimeSpan timeout)
    {
        Timeout = timeout;
        _timeoutMs = (long)timeout.TotalMilliseconds;

        // A quarter of the timeout, at most 10 s: a stalled client goes within 1.25× the timeout.
        var period = TimeSpan.FromMilliseconds(Math.Clamp(_timeoutMs / 4, 50, 10_000));
        _timer = new Timer(_ => Check(Environment.TickCount64), null, period, period);
    }

    /// <summary>How long a response may make no progress.</summary>
    public TimeSpan Timeout { get; }

    /// <summary>Responses dropped for making no progress.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    /// <summary>Responses being watched now.</summary>
    public int Count => _active.Count;

    /// <summary>Starts watching <paramref name="context"/>'s response; dispose the watch when it ends.
    /// A response that fits in one flush (<paramref name="watched"/> false) only counts its bytes:
    /// the socket buffers take it whole, so it never waits on the client.</summary>
    public Watch Start(HttpContext context, bool watched = true)
    {
        var watch = new Watch(this, context);
        if (watched)
        {
            _active.TryAdd(watch, 0);

            // This timeout replaces Kestrel's minimum data rate for the response: Kestrel counts only
            // bytes written by copy, so a body advanced in place (direct streams, sendfile) got just
            // the 5 s grace per flush, and a steady client slower than a flush per 5 s was dropped.
            context.Features.Get<IHttpMinResponseDataRateFeature>()?.MinDataRate = null;
        }

        return watch;
    }

    /// <summary>Aborts every watched response idle for longer than the timeout at <paramref name="nowMs"/>.</summary>
    public void Check(long nowMs)
    {
        foreach (var (watch, _) in _active)
        {
            if (nowMs - Volatile.Read(ref watch.LastProgressMs) > _timeoutMs && _active.TryRemove(watch, out _))
            {
                Interlocked.Increment(ref _dropped);
                watch.Context.Abort();
            }
        }
    }

    public void Dispose() => _timer.Dispose();

    /// <summary>One watched response.</summary>
    internal sealed class Watch(SendWatchdog owner, HttpContext context) : IDisposable
    {
        public long LastProgressMs = Environment.TickCount64;

        public HttpContext Context { get; } = context;

        /// <summary>Body bytes flushed so far (for the log when the response ends early).</summary>
        public long SentBytes { get; private set; }

        /// <summary>The client took <paramref name="bytes"/> more: the timeout starts again.</summary>
        public void Progress(int bytes)
        {
            SentBytes += bytes;
            Volatile.Write(ref LastProgressMs, Environment.TickCount64);
        }

        /// <summary>The client took some bytes (part of a flush): the timeout starts again.</summary>
        public void Touch() => Volatile.Write(ref LastProgressMs, Environment.TickCount64);

        public void Dispose() => owner._active.TryRemove(this, out _);
    }
}
