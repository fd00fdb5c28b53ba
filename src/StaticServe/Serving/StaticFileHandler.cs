using System.Globalization;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Win32.SafeHandles;
using StaticServe.Buffers;
using StaticServe.Caching;
using StaticServe.Configuration;
using StaticServe.Diagnostics;
using StaticServe.Http;
using StaticServe.Transport;

namespace StaticServe.Serving;

/// <summary>
/// The one terminal request handler. It reads top to bottom: method → target path → built-in
/// endpoints → prefix and dotfiles → cache hit (validated against the disk) → or the disk: stat,
/// directory redirect or index, symlink check, load into the cache or stream → preconditions and
/// range → headers → body. Every HTTP outcome is a value returned by a step, never an exception.
/// </summary>
internal sealed class StaticFileHandler
{
    /// <summary>Decoded paths longer than this answer 414; Kestrel's request line limit (8 KiB) bounds the raw target first.</summary>
    private const int MaxPathChars = 4096;

    private const string Allow = "GET, HEAD, OPTIONS";
    private const string NoSniff = "nosniff";

    private readonly ServerOptions _options;
    private readonly ServedRoot _root;
    private readonly FileCache _cache;
    private readonly OpenFileCache _openFiles;
    private readonly BufferPool _pool;
    private readonly CachedFileLoader _loader;
    private readonly RepresentationFactory _representations;
    private readonly FileStreamer _streamer;
    private readonly DirectStreamGate _directStreams;
    private readonly SendWatchdog _watchdog;
    private readonly ServerCounters _counters;
    private readonly StatsEndpoint _stats;
    private readonly Func<bool> _isStopping;
    private readonly ILogger _logger;
    private readonly bool _cacheEnabled;

    public StaticFileHandler(ServerOptions options, FileCache cache, OpenFileCache openFiles, SendWatchdog watchdog, BufferPool pool, ServerCounters counters, StatsEndpoint stats, Func<bool> isStopping, ILogger logger)
    {
        _options = options;
        _root = new ServedRoot(options.Root, options.Dotfiles);
        _cache = cache;
        _openFiles = openFiles;
        _pool = pool;
        _counters = counters;
        _stats = stats;
        _isStopping = isStopping;
        _logger = logger;
        _representations = new RepresentationFactory(options);
        _loader = new CachedFileLoader(_representations, _root);
        _streamer = new FileStreamer(counters);
        _directStreams = new DirectStreamGate(options.DirectStreamLimit);
        _watchdog = watchdog;
        _cacheEnabled = options.CacheBytes > 0;
    }

    /// <summary>Largest request body Kestrel reads and discards after the answer, keeping the
    /// connection (nginx's client_max_body_size default); larger ones end it.</summary>
    public const long MaxDrainedBodyBytes = 1024 * 1024;

    /// <summary>Handles one request.</summary>
    public Task HandleAsync(HttpContext context)
    {
        _counters.RequestStarted();
        var request = context.Request;
        var response = context.Response;
        response.Headers.XContentTypeOptions = NoSniff;

        // 1. Method (RFC 9110 §9.3): only safe reads are served; the file is never touched otherwise.
        var method = request.Method;
        // Methods are case-sensitive (RFC 9110 §9.1): `head` is not HEAD, and Kestrel, which treats
        // it as an unknown method, expects a body; HttpMethods.Is* ignore case, so compare ordinally.
        var isGet = string.Equals(method, HttpMethods.Get, StringComparison.Ordinal);
        var isHead = !isGet && string.Equals(method, HttpMethods.Head, StringComparison.Ordinal);
        if (!isGet && !isHead)
        {
            response.Headers.Allow = Allow;
            if (request.ContentLength is > MaxDrainedBodyBytes)
            {
                // Kestrel will not drain a body this large after the answer, so the connection ends;
                // say so rather than leave a pipelining client waiting (RFC 9112 §9.6).
                response.Headers.Connection = "close";
            }

            if (string.Equals(method, HttpMethods.Options, StringComparison.Ordinal))
            {
                response.StatusCode = StatusCodes.Status204NoContent;
                response.Headers.CacheControl = CacheControlPolicy.NoStore;
                return Task.CompletedTask;
            }

            return PlainTextResponse.WriteAsync(response, StatusCodes.Status405MethodNotAllowed, PlainTextResponse.MethodNotAllowed, isHead: false);
        }

        // 2. Target: decode exactly once; anything hostile is a 400 here, before any file-system call.
        var target = RequestTarget(context);
        Span<char> buffer = stackalloc char[MaxPathChars];
        switch (TargetPathDecoder.Decode(target, buffer, out var length))
        {
            case PathDecodeResult.BadRequest:
                return PlainTextResponse.WriteAsync(response, StatusCodes.Status400BadRequest, PlainTextResponse.BadRequest, isHead);
            case PathDecodeResult.TooLong:
                return PlainTextResponse.WriteAsync(response, StatusCodes.Status414UriTooLong, PlainTextResponse.UriTooLong, isHead);
        }

        var path = buffer[..length];

        // 3. Built-in endpoints: they shadow files of the same name (documented).
        if (_options.StatsPath.Length > 0 && path.SequenceEqual(_options.StatsPath))
        {
            return _stats.WriteAsync(response, isHead);
        }

        if (_options.HealthPath.Length > 0 && path.SequenceEqual(_options.HealthPath))
        {
            return PlainTextResponse.WriteAsync(response, StatusCodes.Status200OK, PlainTextResponse.Ok, isHead);
        }

        if (_options.ReadyPath.Length > 0 && path.SequenceEqual(_options.ReadyPath))
        {
            return _isStopping()
                ? PlainTextResponse.WriteAsync(response, StatusCodes.Status503ServiceUnavailable, PlainTextResponse.NotReady, isHead)
                : PlainTextResponse.WriteAsync(response, StatusCodes.Status200OK, PlainTextResponse.Ready, isHead);
        }

        // 4. Prefix: the folder is mounted at --prefix; "/docs" for prefix "/docs/" is its directory URL.
        var prefix = _options.Prefix;
        if (!path.StartsWith(prefix, StringComparison.Ordinal))
        {
            if (path.Length == prefix.Length - 1 && prefix.AsSpan().StartsWith(path, StringComparison.Ordinal))
            {
                return RedirectToDirectory(response, target, path, isHead);
            }

            return PlainTextResponse.WriteAsync(response, StatusCodes.Status404NotFound, PlainTextResponse.NotFound, isHead);
        }

        var relative = path[(prefix.Length - 1)..];
        if (_options.Dotfiles == DotfilesPolicy.Ignore && ServedRoot.HasHiddenSegment(relative))
        {
            return PlainTextResponse.WriteAsync(response, StatusCodes.Status404NotFound, PlainTextResponse.NotFound, isHead);
        }

        // 5. Cache hit: trusted for --revalidate-ms after its last check, then one stat decides.
        var now = Environment.TickCount64;
        if (_cacheEnabled && _cache.TryGet(relative, out var entry))
        {
            if (now - entry.ValidatedAtMs < _options.RevalidateMs || StillMatchesDisk(entry, now))
            {
                response.Headers["X-Cache"] = "HIT";
                return SendCached(context, entry, isGet);
            }

            _cache.Invalidate(relative.ToString(), entry);
        }

        // 6. A large file streamed recently: its handle is still open and its headers are formatted.
        if (_openFiles.TryAcquire(relative, now, out var open))
        {
            if (now - open.ValidatedAtMs < _options.RevalidateMs || StillMatchesDisk(open, now))
            {
                return SendOpen(context, open, isGet);
            }

            _openFiles.Remove(relative.ToString(), open);
            open.Release();
        }

        // 7. The disk.
        return ServeFromDiskAsync(context, relative.ToString(), target, isGet);
    }

    /// <summary>One stat of the path: still the file the entry was built from? Then trusted again
    /// for --revalidate-ms. Off the hot path: the window test stays inline at the call sites.</summary>
    private static bool StillMatchesDisk(IDiskValidated file, long now)
    {
        if (FileStatReader.Stat(file.PhysicalPath) != file.Status)
        {
            return false;
        }

        file.ValidatedAtMs = now;
        return true;
    }

    private async Task ServeFromDiskAsync(HttpContext context, string relative, string target, bool isGet)
    {
        var response = context.Response;
        var physical = _root.Map(relative);
        var status = FileStatReader.Stat(physical);

        if (status.Kind == FileKind.Directory)
        {
            // A directory reached through a symlink that leaves the root is as absent as a file there
            // would be: answering 301 for it would let a client map the tree outside the root.
            if (!_root.IsServable(physical))
            {
                await PlainTextResponse.WriteAsync(response, StatusCodes.Status404NotFound, PlainTextResponse.NotFound, !isGet);
                return;
            }

            if (!relative.EndsWith('/'))
            {
                await RedirectToDirectory(response, target, relative, !isGet);
                return;
            }

            if (_options.IndexFile.Length == 0)
            {
                await PlainTextResponse.WriteAsync(response, StatusCodes.Status404NotFound, PlainTextResponse.NotFound, !isGet);
                return;
            }

            physical = Path.Join(physical, _options.IndexFile);
            status = FileStatReader.Stat(physical);
        }

        // A path ending in '/' that names a file fails the stat itself (ENOTDIR), so it lands here too.
        // Whether the file is inside the root (and allowed by --dotfiles) is decided on the opened
        // handle by the loader and by OpenAndSendAsync, which a path check here could only repeat.
        if (status.Kind != FileKind.File)
        {
            await PlainTextResponse.WriteAsync(response, StatusCodes.Status404NotFound, PlainTextResponse.NotFound, !isGet);
            return;
        }

        if (_cacheEnabled && status.Length <= _cache.MaxEntryBytes)
        {
            var maxBytes = _cache.MaxEntryBytes;
            var loaded = await _cache.GetOrLoadAsync(relative, _ => Task.FromResult(_loader.Load(physical, maxBytes)));
            if (loaded is not null)
            {
                response.Headers["X-Cache"] = "MISS";
                await SendCached(context, loaded, isGet);
                return;
            }
        }

        await OpenAndSendAsync(context, relative, physical, isGet);
    }

    private Task SendCached(HttpContext context, CachedFile entry, bool isGet)
    {
        var response = context.Response;
        var representation = entry.Representation;
        Span<ByteRange> ranges = stackalloc ByteRange[RangeParser.MaxRanges];
        var kind = ResponsePlanner.Plan(context.Request.Headers, representation, isGet, _options.Ranges, ranges, out var count);
        switch (kind)
        {
            case ResponseKind.Full:
                SetRepresentationHeaders(response, representation);
                response.ContentLength = representation.Length;
                return isGet ? WriteCounted(response, entry.Content) : Task.CompletedTask;
            case ResponseKind.Partial:
                SetRepresentationHeaders(response, representation);
                SetPartial(response, ranges[0], representation.Length);
                return WriteCounted(response, entry.Content.AsMemory((int)ranges[0].Start, (int)ranges[0].Length));
            case ResponseKind.Multipart:
                return SendMultipartFromMemoryAsync(response, entry.Content, representation, ranges[..count].ToArray());
            default:
                return SendNonSuccess(response, kind, representation, !isGet);
        }
    }

    private async Task OpenAndSendAsync(HttpContext context, string relative, string physical, bool isGet)
    {
        var response = context.Response;
        SafeFileHandle handle;
        try
        {
            handle = File.OpenHandle(physical, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Gone between the stat and the open, or unreadable: to the client it does not exist.
            Log.ReadFailed(_logger, physical, e.Message);
            await PlainTextResponse.WriteAsync(response, StatusCodes.Status404NotFound, PlainTextResponse.NotFound, !isGet);
            return;
        }

        // The validators describe the bytes this handle reads, whatever happens to the path now;
        // and the handle itself must be inside the root (the path may have been swapped for a
        // symlink after the check before the open).
        var status = FileStatReader.Stat(handle, physical);
        if (status.Kind != FileKind.File || !_root.IsServable(handle, physical))
        {
            handle.Dispose();
            await PlainTextResponse.WriteAsync(response, StatusCodes.Status404NotFound, PlainTextResponse.NotFound, !isGet);
            return;
        }

        var open = new OpenFile(physical, handle, status, _representations.Create(physical, status), Environment.TickCount64);
        _openFiles.TryAdd(relative, open);
        await SendOpen(context, open, isGet);
    }

    /// <summary>Answers from an open file and gives back the caller's reference to it when done.</summary>
    private Task SendOpen(HttpContext context, OpenFile file, bool isGet)
    {
        var response = context.Response;
        var representation = file.Representation;
        Span<ByteRange> ranges = stackalloc ByteRange[RangeParser.MaxRanges];
        var kind = ResponsePlanner.Plan(context.Request.Headers, representation, isGet, _options.Ranges, ranges, out var count);
        switch (kind)
        {
            case ResponseKind.Full:
                SetRepresentationHeaders(response, representation);
                response.ContentLength = representation.Length;
                if (isGet)
                {
                    return StreamAndReleaseAsync(context, file, new ByteRange(0, representation.Length), null, null);
                }

                break;
            case ResponseKind.Partial:
                SetRepresentationHeaders(response, representation);
                SetPartial(response, ranges[0], representation.Length);
                return StreamAndReleaseAsync(context, file, ranges[0], null, null);
            case ResponseKind.Multipart:
                var plan = MultipartPlan.Create(ranges[..count], representation.ContentType, representation.Length);
                SetMultipart(response, representation, plan);
                return StreamAndReleaseAsync(context, file, default, ranges[..count].ToArray(), plan);
            default:
                file.Release();
                return SendNonSuccess(response, kind, representation, !isGet);
        }

        file.Release();
        return Task.CompletedTask;
    }

    private async Task StreamAndReleaseAsync(HttpContext context, OpenFile file, ByteRange single, ByteRange[]? parts, MultipartPlan? plan)
    {
        try
        {
            await StreamRangesAsync(context, file.Handle, file.PhysicalPath, single, parts, plan);
        }
        finally
        {
            file.Release();
        }
    }

    /// <summary>Sends <paramref name="single"/>, or every range of <paramref name="parts"/> framed by <paramref name="plan"/>.</summary>
    private async Task StreamRangesAsync(HttpContext context, SafeFileHandle handle, string physical, ByteRange single, ByteRange[]? parts, MultipartPlan? plan)
    {
        var response = context.Response;
        var writer = response.BodyWriter;
        var aborted = context.RequestAborted;
        var rangeCount = parts?.Length ?? 1;
        var total = single.Length;
        if (parts is not null)
        {
            total = 0;
            foreach (var r in parts)
            {
                total += r.Length;
            }
        }

        if (total == 0 && plan is null)
        {
            return;
        }

        var chunk = (int)Math.Min(_options.BufferBytes, Math.Max(total, 1));
        var output = parts is null && total >= DirectSendMinBytes ? DirectOutput(context) : null;
        using var watch = _watchdog.Start(context, watched: output is not null || total > chunk || plan is not null);
        if (output is not null)
        {
            StreamOutcome sent;
            try
            {
                sent = await _streamer.CopySendfileAsync(response, output, handle, single.Start, single.Length, watch, aborted);
            }
            catch (Exception e) when (e is OperationCanceledException or IOException)
            {
                sent = StreamOutcome.ClientGone;
            }

            EndStream(context, physical, sent, watch.SentBytes, total);
            return;
        }

        var direct = !_options.StreamViaPool && _directStreams.TryEnter();
        var lease = direct ? null : _pool.Rent(chunk);
        var outcome = StreamOutcome.Completed;
        try
        {
            for (var i = 0; i < rangeCount && outcome == StreamOutcome.Completed; i++)
            {
                if (plan is not null)
                {
                    await writer.WriteAsync(plan.PartHeaders[i]);
                }

                var range = parts is null ? single : parts[i];
                outcome = lease is null
                    ? await _streamer.CopyDirectAsync(handle, range.Start, range.Length, writer, chunk, watch, aborted)
                    : await _streamer.CopyPooledAsync(handle, range.Start, range.Length, writer, lease.Array, watch, aborted);
            }

            if (plan is not null && outcome == StreamOutcome.Completed)
            {
                await writer.WriteAsync(plan.Trailer);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or IOException)
        {
            outcome = StreamOutcome.ClientGone;
        }
        finally
        {
            if (direct)
            {
                _directStreams.Exit();
            }
            else
            {
                _pool.Return(lease!);
            }
        }

        EndStream(context, physical, outcome, watch.SentBytes, total);
    }

    /// <summary>
    /// Bodies from this size go to the socket directly (<see cref="SocketOutput"/>: sendfile from a
    /// streamed file, sendmsg from a cached one) rather than through Kestrel's pipe. Smaller ones (a
    /// range of a large file when a video seeks, small cached files) are cheaper copied: one read and
    /// one write cost less than the direct path's separate flush of the head (measured, 1 KiB ranges
    /// of a 10 MiB file: 19.9 µs of CPU copied, 27.8 µs with sendfile), while the copy's cost grows
    /// with the body and the direct path's hardly does (10 MiB: 4.3 ms against 2.4 ms).
    /// </summary>
    internal const long DirectSendMinBytes = 64 * 1024;

    /// <summary>The connection's own sender, when this response may use it: --no-sendfile is not given,
    /// the protocol is HTTP/1.0 or 1.1 without TLS, and the body is framed by Content-Length, so its
    /// bytes go to the socket exactly as they are.</summary>
    private SocketOutput? DirectOutput(HttpContext context) =>
        _options.Sendfile && context.Features.Get<SocketOutput>() is { } output
            && (HttpProtocol.IsHttp11(context.Request.Protocol) || HttpProtocol.IsHttp10(context.Request.Protocol))
            && context.Response.ContentLength is not null
            && context.Features.Get<ITlsConnectionFeature>() is null
            ? output
            : null;

    private void EndStream(HttpContext context, string physical, StreamOutcome outcome, long sentBytes, long total)
    {
        if (outcome == StreamOutcome.FileShrank)
        {
            // Fewer bytes than Content-Length promised: abort so the client sees a broken response
            // rather than a short one it might cache as complete.
            Log.FileShrank(_logger, physical, sentBytes, total);
            context.Abort();
        }
        else if (outcome == StreamOutcome.ClientGone)
        {
            _counters.ClientAborted();
            Log.ClientAborted(_logger, physical, sentBytes);
        }
    }

    private async Task SendMultipartFromMemoryAsync(HttpResponse response, byte[] content, Representation representation, ByteRange[] ranges)
    {
        var plan = MultipartPlan.Create(ranges, representation.ContentType, representation.Length);
        SetMultipart(response, representation, plan);
        var writer = response.BodyWriter;
        using var watch = _watchdog.Start(response.HttpContext);
        for (var i = 0; i < ranges.Length; i++)
        {
            await writer.WriteAsync(plan.PartHeaders[i]);
            await BodyWrites.WriteSlicesAsync(writer, content.AsMemory((int)ranges[i].Start, (int)ranges[i].Length), _options.BufferBytes, watch);
        }

        await writer.WriteAsync(plan.Trailer);
        _counters.AddBytes(plan.ContentLength);
    }

    private Task WriteCounted(HttpResponse response, ReadOnlyMemory<byte> body)
    {
        _counters.AddBytes(body.Length);
        return body.Length >= DirectSendMinBytes && DirectOutput(response.HttpContext) is { } output
            ? SendMemoryDirectAsync(response, output, body)
            : BodyWrites.WriteAsync(response, body, _options.BufferBytes, _watchdog);
    }

    private async Task SendMemoryDirectAsync(HttpResponse response, SocketOutput output, ReadOnlyMemory<byte> body)
    {
        using var watch = _watchdog.Start(response.HttpContext);
        await _streamer.SendMemoryAsync(response, output, body, watch);
    }

    private Task SendNonSuccess(HttpResponse response, ResponseKind kind, in Representation representation, bool isHead)
    {
        var headers = response.Headers;
        switch (kind)
        {
            case ResponseKind.NotModified:
                // RFC 9110 §15.4.5: the fields a 200 would carry that guide caches; Last-Modified only
                // when there is no ETag to do that job. No Content-Type or Content-Length: there is no body.
                response.StatusCode = StatusCodes.Status304NotModified;
                headers.CacheControl = representation.CacheControl;
                if (representation.ETag is not null)
                {
                    headers.ETag = representation.ETag;
                }
                else if (representation.LastModified is not null)
                {
                    headers.LastModified = representation.LastModified;
                }

                return Task.CompletedTask;
            case ResponseKind.RangeNotSatisfiable:
                // RFC 9110 §15.5.17: tell the client the current length so it can ask again.
                headers.ContentRange = string.Concat("bytes */", representation.Length.ToString(CultureInfo.InvariantCulture));
                if (_options.Ranges)
                {
                    headers.AcceptRanges = "bytes";
                }

                return PlainTextResponse.WriteAsync(response, StatusCodes.Status416RangeNotSatisfiable, PlainTextResponse.RangeNotSatisfiable, isHead);
            default:
                return PlainTextResponse.WriteAsync(response, StatusCodes.Status412PreconditionFailed, PlainTextResponse.PreconditionFailed, isHead);
        }
    }

    private void SetRepresentationHeaders(HttpResponse response, in Representation representation)
    {
        var headers = response.Headers;
        headers.ContentType = representation.ContentType;
        headers.CacheControl = representation.CacheControl;
        if (representation.ETag is not null)
        {
            headers.ETag = representation.ETag;
        }

        if (representation.LastModified is not null)
        {
            headers.LastModified = representation.LastModified;
        }

        if (_options.Ranges)
        {
            headers.AcceptRanges = "bytes";
        }
    }

    private static void SetPartial(HttpResponse response, ByteRange range, long length)
    {
        response.StatusCode = StatusCodes.Status206PartialContent;
        response.Headers.ContentRange = string.Create(CultureInfo.InvariantCulture, $"bytes {range.Start}-{range.End}/{length}");
        response.ContentLength = range.Length;
    }

    private void SetMultipart(HttpResponse response, in Representation representation, MultipartPlan plan)
    {
        SetRepresentationHeaders(response, representation);
        response.StatusCode = StatusCodes.Status206PartialContent;
        response.Headers.ContentType = plan.ContentType;
        response.ContentLength = plan.ContentLength;
    }

    /// <summary>
    /// 301 to the directory URL. The Location is relative (the last segment plus '/', percent-encoded,
    /// query kept), so it resolves against the request URL and can never become `//other-host`.
    /// </summary>
    private static Task RedirectToDirectory(HttpResponse response, string target, ReadOnlySpan<char> decodedPath, bool isHead)
    {
        var lastSlash = decodedPath.LastIndexOf('/');
        var segment = decodedPath[(lastSlash + 1)..];
        var query = target.IndexOf('?');
        var location = string.Concat(Uri.EscapeDataString(segment.ToString()), "/", query >= 0 ? target.AsSpan(query) : default);
        response.Headers.Location = location;
        return PlainTextResponse.WriteAsync(response, StatusCodes.Status301MovedPermanently, PlainTextResponse.MovedPermanently, isHead);
    }

    /// <summary>
    /// The origin-form target as received (RFC 9112 §3.2): Kestrel's decoded Path would already have
    /// merged and unescaped segments, which would hide exactly what the decoder must see. An
    /// absolute-form target (§3.2.2) is reduced to its path.
    /// </summary>
    private static string RequestTarget(HttpContext context)
    {
        var raw = context.Features.GetRequiredFeature<IHttpRequestFeature>().RawTarget;
        if (raw.Length > 0 && raw[0] == '/')
        {
            return raw;
        }

        var scheme = raw.IndexOf("://", StringComparison.Ordinal);
        if (scheme > 0)
        {
            var pathStart = raw.IndexOf('/', scheme + 3);
            return pathStart < 0 ? "/" : raw[pathStart..];
        }

        return raw;
    }
}
