using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using StaticServe.LoadTests.Corpus;
using StaticServe.LoadTests.Load;

namespace StaticServe.LoadTests.Profiles;

/// <summary>
/// Owns the churn scenario: files replaced on disk (atomic rename, same size) many times a second
/// while clients read them. Every body must be exactly one written version, never a mix; an ETag
/// must always name the same version; and nothing older than the staleness bound may be served.
/// </summary>
internal sealed class ChurnProfile : Profile
{
    /// <summary>16 files: enough that concurrent readers spread out, few enough that each changes often.</summary>
    private const int FileCount = 16;

    /// <summary>32 KiB: cached, and large enough that a torn read would show up as mixed bytes.</summary>
    private const int FileBytes = 32 * 1024;

    /// <summary>20 ms between writes: each file changes about every 320 ms, several times within one second (same size),
    /// which is the case an mtime-in-seconds + length ETag gets wrong.</summary>
    private static readonly TimeSpan WriteInterval = TimeSpan.FromMilliseconds(20);

    /// <summary>
    /// 1 s: issue 3's requirement (a request that starts 1 s after a write sees it); the server's
    /// revalidation interval (500 ms by default) sits well inside it.
    /// </summary>
    private static readonly TimeSpan StalenessBound = TimeSpan.FromSeconds(1);

    /// <summary>Out of 2 requests one revalidates with the worker's last ETag for the file.</summary>
    private const int ConditionalEvery = 2;

    /// <summary>Fixed-width first line, so a body's version can be read from its first bytes.</summary>
    private const string HeaderFormat = "churn file {0:D2} version {1:D8}\n";
    private static readonly int HeaderBytes = string.Format(CultureInfo.InvariantCulture, HeaderFormat, 0, 0).Length;

    private readonly ConcurrentDictionary<(int File, int Version), byte[]> _contents = new();
    private readonly ConcurrentDictionary<(int File, int Version), long> _writtenAt = new();
    /// <summary>Keyed by file and tag: RFC 9110 §8.8.3 scopes an entity tag to one resource (URL), so only a
    /// repeat within a file is wrong.</summary>
    private readonly ConcurrentDictionary<(int File, string ETag), int> _etagOwners = new();
    private readonly ConcurrentDictionary<(int File, int Version), byte> _served = new();
    private readonly int[] _latest = new int[FileCount];
    private readonly CancellationTokenSource _stopWriter = new();
    private string[] _urlPaths = [];
    private string _directory = "";
    private Task _writer = Task.CompletedTask;
    private long _notModified;

    public override string Name => "churn";

    public override string Description => "reads while files are replaced (atomic rename, same size) every 20 ms; bodies and ETags checked per version";

    public override async Task PrepareAsync(ProfileContext context, CancellationToken cancellationToken)
    {
        _directory = context.Corpus.ChurnDirectory;
        Directory.CreateDirectory(_directory);
        _urlPaths = new string[FileCount];
        for (var file = 0; file < FileCount; file++)
        {
            _urlPaths[file] = string.Create(CultureInfo.InvariantCulture, $"/{CorpusGenerator.ChurnFolder}/c{file:D2}.txt");
            await WriteVersionAsync(file, 0, cancellationToken);
        }

        _writer = Task.Run(() => WriteLoopAsync(_stopWriter.Token), CancellationToken.None);
    }

    public override async Task StopAsync()
    {
        await _stopWriter.CancelAsync();
        await _writer;
        _stopWriter.Dispose();
    }

    public override IEnumerable<string> Notes()
    {
        yield return string.Create(CultureInfo.InvariantCulture,
            $"versions written {_writtenAt.Count}, distinct versions served {_served.Count}, distinct ETags {_etagOwners.Count}, 304s {Interlocked.Read(ref _notModified)}");
    }

    public override async ValueTask<RequestOutcome> ExecuteAsync(WorkerContext worker, CancellationToken cancellationToken)
    {
        var lastSeen = worker.ProfileState as string?[] ?? new string?[FileCount];
        worker.ProfileState = lastSeen;
        var file = worker.Random.Next(FileCount);
        var sentTag = worker.Sequence % ConditionalEvery == 0 ? lastSeen[file] : null;

        var started = Stopwatch.GetTimestamp();
        using var request = new HttpRequestMessage(HttpMethod.Get, worker.Shared.UriFor(_urlPaths[file]));
        if (sentTag is not null)
        {
            request.Headers.TryAddWithoutValidation("If-None-Match", sentTag);
        }

        using var response = await worker.Shared.Client.SendAsync(
            request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
        var etag = response.Headers.ETag?.ToString();
        var length = await ResponseVerifier.ReadSmallBodyAsync(response, worker.Buffer, cancellationToken);
        var what = _urlPaths[file];

        if (response.StatusCode == HttpStatusCode.NotModified && sentTag is not null)
        {
            // RFC 9110 §13.1.2: 304 means the tag we sent still names the current version; it must
            // be a version we saw for this file and not one replaced longer ago than the bound.
            Interlocked.Increment(ref _notModified);
            if (length != 0)
            {
                return RequestOutcome.Failed($"{what}: 304 with a {length}-byte body");
            }

            if (etag is not null && etag != sentTag)
            {
                return RequestOutcome.Failed($"{what}: 304 carried ETag {etag}, request sent {sentTag}");
            }

            return _etagOwners.TryGetValue((file, sentTag), out var owner)
                ? CheckFreshness(what, (file, owner), started) ?? RequestOutcome.Ok(0)
                : RequestOutcome.Failed($"{what}: 304 for a tag no response carried: {sentTag}");
        }

        if (response.StatusCode != HttpStatusCode.OK)
        {
            return RequestOutcome.Failed($"{what}: status {(int)response.StatusCode}");
        }

        if (length != FileBytes)
        {
            return RequestOutcome.Failed($"{what}: body of {length} bytes, every version has {FileBytes}");
        }

        if (!TryParseHeader(worker.Buffer, out var servedFile, out var version) || servedFile != file)
        {
            return RequestOutcome.Failed($"{what}: body does not start with this file's version line");
        }

        if (!_contents.TryGetValue((file, version), out var expected))
        {
            return RequestOutcome.Failed($"{what}: version {version} was never written");
        }

        if (!worker.Buffer.AsSpan(0, length).SequenceEqual(expected))
        {
            return RequestOutcome.Failed($"{what}: body mixes versions (starts as version {version}, differs at byte {worker.Buffer.AsSpan(0, length).CommonPrefixLength(expected)})");
        }

        _served.TryAdd((file, version), 0);
        if (etag is null)
        {
            return RequestOutcome.Failed($"{what}: 200 without an ETag");
        }

        // RFC 9110 §8.8.3: a strong ETag names one representation; the same tag for two versions
        // would let a client keep stale bytes (the mtime-in-seconds + length counter-example).
        var tagOwner = _etagOwners.GetOrAdd((file, etag), version);
        if (tagOwner != version)
        {
            return RequestOutcome.Failed($"{what}: ETag {etag} served for version {tagOwner} and for version {version}");
        }

        lastSeen[file] = etag;
        return CheckFreshness(what, (file, version), started) ?? RequestOutcome.Ok(length);
    }

    /// <summary>A failure when the next version had been on disk longer than the bound before the request started.</summary>
    private RequestOutcome? CheckFreshness(string what, (int File, int Version) served, long requestStarted)
    {
        if (_writtenAt.TryGetValue((served.File, served.Version + 1), out var nextWritten) && requestStarted > nextWritten)
        {
            var age = Stopwatch.GetElapsedTime(nextWritten, requestStarted);
            if (age > StalenessBound)
            {
                return RequestOutcome.Failed(string.Create(CultureInfo.InvariantCulture,
                    $"{what}: version {served.Version} served {age.TotalMilliseconds:F0} ms after version {served.Version + 1} was written"));
            }
        }

        return null;
    }

    private async Task WriteLoopAsync(CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(WriteInterval);
        var next = 0;
        try
        {
            while (await timer.WaitForNextTickAsync(cancellationToken))
            {
                var file = next++ % FileCount;
                await WriteVersionAsync(file, _latest[file] + 1, cancellationToken);
            }
        }
        catch (OperationCanceledException)
        {
            // The profile ended: the only way out of the loop.
        }
    }

    /// <summary>Writes a temporary dotfile (hidden from the server) and renames it over the target: readers see old or new, never half.</summary>
    private async Task WriteVersionAsync(int file, int version, CancellationToken cancellationToken)
    {
        var content = new byte[FileBytes];
        ContentGenerator.FillText(ContentGenerator.Seed(_urlPaths[file], version), content);
        Encoding.ASCII.GetBytes(string.Format(CultureInfo.InvariantCulture, HeaderFormat, file, version), content);
        _contents[(file, version)] = content;

        var temporary = Path.Combine(_directory, string.Create(CultureInfo.InvariantCulture, $".c{file:D2}.tmp"));
        await File.WriteAllBytesAsync(temporary, content, cancellationToken);
        File.Move(temporary, Path.Combine(_directory, _urlPaths[file][(CorpusGenerator.ChurnFolder.Length + 2)..]), overwrite: true);
        _writtenAt[(file, version)] = Stopwatch.GetTimestamp();
        _latest[file] = version;
    }

    private static bool TryParseHeader(byte[] body, out int file, out int version)
    {
        var line = Encoding.ASCII.GetString(body, 0, HeaderBytes);
        var parts = line.TrimEnd('\n').Split(' ');
        file = 0;
        version = 0;
        return parts.Length == 5
            && int.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out file)
            && int.TryParse(parts[4], NumberStyles.None, CultureInfo.InvariantCulture, out version);
    }
}
