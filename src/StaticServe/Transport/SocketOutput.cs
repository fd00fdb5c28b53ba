using System.Buffers;
using System.IO.Pipelines;
using System.Net.Sockets;
using Microsoft.AspNetCore.Connections;
using Microsoft.Win32.SafeHandles;
using StaticServe.Buffers;
using StaticServe.Diagnostics;
using StaticServe.Serving;

namespace StaticServe.Transport;

/// <summary>
/// The sending half of one connection, in place of Kestrel's socket sender, so that a streamed file
/// can go from the page cache to the socket with sendfile(2) instead of being read into memory and
/// copied into the socket (nginx's <c>sendfile on</c>). Kestrel cannot do this itself: it owns the
/// order of the bytes on the socket, and its response body only takes bytes in memory.
/// <para>
/// Kestrel writes into this writer as into its own transport pipe; a pump sends what is flushed
/// with one gathering sendmsg per read, on the flushing thread (inline scheduling: no hop to an I/O
/// thread), and waits on .NET's event loop only when the socket is full. For a direct body, the
/// handler writes the response head, then calls <see cref="BeginFile"/> (or
/// <see cref="BeginMemory"/>) and advances the body without writing it: Kestrel counts the bytes
/// against Content-Length as usual, and each flush here first makes sure everything before it is on
/// the socket, then has the kernel send that many bytes of the file (or sends them straight from
/// the memory). A client slower than the disk fills the socket; then a few KiB are copied through
/// our pool and sent with .NET's awaitable send, which waits for room.
/// </para>
/// </summary>
internal sealed class SocketOutput : PipeWriter
{
    /// <summary>The largest flush a direct body may advance at once (<see cref="FileStreamer.DirectChunkBytes"/>).</summary>
    public const int MaxDirectAdvance = 1024 * 1024;

    /// <summary>Kestrel's own transport pipe pauses the writer at 64 KiB (MaxResponseBufferSize's
    /// default) and resumes it at half; the same bound per connection here.</summary>
    private const int PauseWriterBytes = 64 * 1024;

    /// <summary>What a wait for room in the socket sends by copying: the pool's smallest buffer. Linux
    /// reports a full socket writable again once a third of its buffer is free (hundreds of KiB on a
    /// fast link), so this only marks the moment, and sendfile sends the bulk.</summary>
    private const int WaitCopyBytes = 4096;

    private const int IpProtoTcp = 6;
    private const int TcpCork = 3;

    /// <summary>Memory the body "writes" into while a file stands for it; never read, never written
    /// (uninitialised, so its pages are never touched and cost no RSS).</summary>
    private static readonly Lazy<byte[]> s_scratch = new(() => GC.AllocateUninitializedArray<byte>(MaxDirectAdvance));

    /// <summary>Pins of one sendmsg's segments. Per thread, not per connection (1.5 KiB each): a send
    /// pins and unpins without awaiting in between.</summary>
    [ThreadStatic]
    private static MemoryHandle[]? t_pins;

    private readonly Pipe _pipe;
    private readonly PipeWriter _writer;
    private readonly Socket _socket;
    private readonly SafeSocketHandle _handle;
    private readonly BufferPool _pool;
    private readonly ServerCounters _counters;
    private readonly ConnectionContext _connection;
    private readonly Lock _gate = new();
    private readonly Task _pump;

    // Written by the writer's thread only (Kestrel serialises a connection's writes). While a body
    // source is set (_direct), advanced bytes are taken from the file, or from the memory.
    private long _written;
    private bool _direct;
    private SafeFileHandle? _file;
    private ReadOnlyMemory<byte> _memory;
    private SendWatchdog.Watch? _watch;
    private long _bodyOffset;
    private long _bodyRemaining;
    private long _bodyAdvanced;
    private bool _corked;
    private bool _sendfileUnsupported;

    // Shared with the pump, under _gate.
    private long _sent;
    private bool _pumpEnded;
    private long _waitingFor;
    private TaskCompletionSource<bool>? _waiter;

    /// <exception cref="ObjectDisposedException">The connection was closed before it got here.</exception>
    public SocketOutput(Socket socket, MemoryPool<byte> memoryPool, BufferPool pool, ServerCounters counters, ConnectionContext connection)
    {
        _socket = socket;
        _handle = socket.SafeHandle;
        _pool = pool;
        _counters = counters;
        _connection = connection;

        // sendfile has no MSG_DONTWAIT: the descriptor itself must be non-blocking. .NET already makes
        // it so for its asynchronous operations; this makes sure before the first sendfile.
        socket.Blocking = false;
        _pipe = new Pipe(new PipeOptions(
            memoryPool,
            readerScheduler: PipeScheduler.Inline,
            writerScheduler: PipeScheduler.Inline,
            pauseWriterThreshold: PauseWriterBytes,
            resumeWriterThreshold: PauseWriterBytes / 2,
            useSynchronizationContext: false));
        _writer = _pipe.Writer;
        _pump = PumpAsync();
    }

    /// <summary>True when the file being sent ended before the bytes the response promised.</summary>
    public bool FileEnded { get; private set; }

    public override bool CanGetUnflushedBytes => true;

    public override long UnflushedBytes => _writer.UnflushedBytes + _bodyAdvanced;

    /// <summary>
    /// From now on the next <paramref name="count"/> body bytes are <paramref name="file"/>'s from
    /// <paramref name="offset"/>: advance the response body without writing into it and flush as
    /// usual. Call after the response head is written (HttpResponse.StartAsync), and
    /// <see cref="EndBody"/> when the response ends, however it ends. <paramref name="watch"/> is
    /// told of every part of a flush the socket takes, so a slow but steady client is not taken
    /// for a stalled one while a large flush is under way.
    /// </summary>
    public void BeginFile(SafeFileHandle file, long offset, long count, SendWatchdog.Watch watch)
    {
        Begin(count, watch);
        _file = file;
        _bodyOffset = offset;
    }

    /// <summary>
    /// As <see cref="BeginFile"/>, for a body already in memory (a cached file): each flush sends
    /// straight from <paramref name="body"/>, without the copy into Kestrel's pipe. The caller keeps
    /// <paramref name="body"/> unchanged until <see cref="EndBody"/>.
    /// </summary>
    public void BeginMemory(ReadOnlyMemory<byte> body, SendWatchdog.Watch watch)
    {
        Begin(body.Length, watch);
        _memory = body;
        _bodyOffset = 0;
    }

    /// <summary>Back to sending what is written; the last partial packet of the body goes out now.</summary>
    public void EndBody()
    {
        if (_corked)
        {
            SetCork(false);
        }

        _direct = false;
        _file = null;
        _memory = default;
        _watch = null;
        _bodyAdvanced = 0;
        _bodyRemaining = 0;
    }

    public override Memory<byte> GetMemory(int sizeHint = 0) => _direct ? Scratch(sizeHint) : _writer.GetMemory(sizeHint);

    public override Span<byte> GetSpan(int sizeHint = 0) => _direct ? Scratch(sizeHint).Span : _writer.GetSpan(sizeHint);

    public override void Advance(int bytes)
    {
        if (!_direct)
        {
            _writer.Advance(bytes);
            _written += bytes;
            return;
        }

        ArgumentOutOfRangeException.ThrowIfNegative(bytes);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(bytes, _bodyRemaining - _bodyAdvanced);
        _bodyAdvanced += bytes;
    }

    public override ValueTask<FlushResult> WriteAsync(ReadOnlyMemory<byte> source, CancellationToken cancellationToken = default)
    {
        if (_direct)
        {
            throw new InvalidOperationException("A file or memory stands for the body; advance it instead of writing.");
        }

        _written += source.Length;
        return _writer.WriteAsync(source, cancellationToken);
    }

    public override ValueTask<FlushResult> FlushAsync(CancellationToken cancellationToken = default) =>
        !_direct || _bodyAdvanced == 0 ? _writer.FlushAsync(cancellationToken) : FlushDirectAsync(cancellationToken);

    public override void CancelPendingFlush() => _writer.CancelPendingFlush();

    public override void Complete(Exception? exception = null) => _writer.Complete(exception);

    /// <summary>
    /// Once Kestrel is done with the connection: ends the pipe and lets the pump send what is left
    /// while the client keeps taking data; a client that takes none for <paramref name="idleLimit"/>
    /// (the send timeout) is cut off. Returns when the pump has stopped.
    /// </summary>
    public async Task DrainAsync(TimeSpan idleLimit)
    {
        await _writer.CompleteAsync();
        while (!_pump.IsCompleted)
        {
            var before = SentSoFar();
            try
            {
                await _pump.WaitAsync(idleLimit);
            }
            catch (TimeoutException) when (SentSoFar() == before)
            {
                _connection.Abort(new ConnectionAbortedException("The client took no data for the send timeout."));
                await _pump;
            }
            catch (TimeoutException)
            {
                // Still sending, slowly: wait another period.
            }
        }
    }

    private static Memory<byte> Scratch(int sizeHint)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(sizeHint, MaxDirectAdvance);
        return s_scratch.Value;
    }

    private void Begin(long count, SendWatchdog.Watch watch)
    {
        // nginx's tcp_nopush: the head and the body leave in full-sized segments, not a small packet
        // at the end of every flush (measured, 1 MiB responses on loopback: 40 segments and 0.7
        // retransmissions per response uncorked, 26 and 0.01 corked).
        SetCork(true);
        _direct = true;
        _watch = watch;
        _bodyRemaining = count;
        _bodyAdvanced = 0;
        FileEnded = false;
    }

    private void SetCork(bool on)
    {
        _corked = on;
        try
        {
            Span<byte> value = stackalloc byte[sizeof(int)];
            BitConverter.TryWriteBytes(value, on ? 1 : 0);
            _socket.SetRawSocketOption(IpProtoTcp, TcpCork, value);
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            // The connection is gone; the next send says so.
        }
    }

    private long SentSoFar()
    {
        lock (_gate)
        {
            return _sent;
        }
    }

    private async ValueTask<FlushResult> FlushDirectAsync(CancellationToken cancellationToken)
    {
        var count = _bodyAdvanced;
        _bodyAdvanced = 0;

        // Everything written before the body (the head) goes first.
        var head = await _writer.FlushAsync(cancellationToken);
        if (head.IsCompleted || head.IsCanceled || !await UntilSentAsync())
        {
            return new FlushResult(head.IsCanceled, isCompleted: !head.IsCanceled);
        }

        long direct = 0;
        long copied = 0;
        try
        {
            while (count > 0)
            {
                long sent;
                if (_file is null)
                {
                    var slice = _memory.Slice((int)_bodyOffset, (int)count);
                    sent = TrySend(new ReadOnlySequence<byte>(slice));
                    if (sent == NativeSend.WouldBlock)
                    {
                        sent = await _socket.SendAsync(slice, SocketFlags.None);
                    }
                }
                else
                {
                    sent = _sendfileUnsupported ? NativeSend.Unsupported : NativeSend.SendFile(_handle, _file, _bodyOffset, count);
                    if (sent > 0)
                    {
                        direct += sent;
                    }
                    else if (sent is NativeSend.WouldBlock or NativeSend.Unsupported)
                    {
                        // A full socket waits through a small copy; a file system without sendfile
                        // support (some FUSE and network mounts) is copied a buffer at a time.
                        _sendfileUnsupported |= sent == NativeSend.Unsupported;
                        sent = await CopyAsync(count, sent == NativeSend.WouldBlock ? WaitCopyBytes : MaxDirectAdvance);
                        copied += sent;
                    }

                    if (sent == 0)
                    {
                        FileEnded = true;
                        return new FlushResult(isCanceled: false, isCompleted: true);
                    }
                }

                _watch?.Touch();
                _bodyOffset += sent;
                _bodyRemaining -= sent;
                count -= sent;
            }
        }
        catch (Exception e)
        {
            // The connection is gone, or the file became unreadable, or anything else: Kestrel has
            // counted these bytes already, so the connection must not carry another response.
            // Reported the way a pipe reports a reader that stopped, as a value.
            _connection.Abort(new ConnectionAbortedException("The response body could not be sent.", e));
            return new FlushResult(isCanceled: false, isCompleted: true);
        }
        finally
        {
            _counters.AddSendfile(direct, copied);
        }

        return default;
    }

    /// <summary>Reads up to <paramref name="count"/> bytes of the file (at most <paramref name="most"/>)
    /// into a pooled buffer and sends them with .NET's awaitable send, which waits for room.</summary>
    /// <returns>Bytes sent; 0 when the file ends first.</returns>
    private async ValueTask<long> CopyAsync(long count, int most)
    {
        var lease = _pool.Rent((int)Math.Min(count, most));
        try
        {
            var read = RandomAccess.Read(_file!, lease.Array.AsSpan(0, (int)Math.Min(count, lease.Array.Length)), _bodyOffset);
            var rest = lease.Array.AsMemory(0, read);
            while (!rest.IsEmpty)
            {
                rest = rest[await _socket.SendAsync(rest, SocketFlags.None)..];
            }

            return read;
        }
        finally
        {
            _pool.Return(lease);
        }
    }

    /// <summary>Completes when the pump has sent every byte written so far; false if it stopped first.</summary>
    private ValueTask<bool> UntilSentAsync()
    {
        lock (_gate)
        {
            if (_pumpEnded)
            {
                return new ValueTask<bool>(false);
            }

            if (_sent >= _written)
            {
                return new ValueTask<bool>(true);
            }

            // Rare: the head met a full socket (a client still reading the previous response).
            _waitingFor = _written;
            _waiter = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
            return new ValueTask<bool>(_waiter.Task);
        }
    }

    private async Task PumpAsync()
    {
        var reader = _pipe.Reader;
        try
        {
            while (true)
            {
                var result = await reader.ReadAsync();
                var buffer = result.Buffer;
                if (!buffer.IsEmpty)
                {
                    await SendAsync(buffer);
                    MarkSent(buffer.Length);
                }

                reader.AdvanceTo(buffer.End);
                if (result.IsCompleted || result.IsCanceled)
                {
                    break;
                }
            }
        }
        catch (Exception e)
        {
            // Like Kestrel's own sender: a connection that cannot be written to is ended, so the
            // request side stops too (also for the unexpected: an exception here would otherwise
            // leave Kestrel writing into a pipe nobody sends). Queued, because this can run inside
            // Kestrel's output lock.
            ThreadPool.UnsafeQueueUserWorkItem(
                static state => state.Connection.Abort(new ConnectionAbortedException("The connection could not be written to.", state.Error)),
                (Connection: _connection, Error: e),
                preferLocal: false);
        }
        finally
        {
            // Without an exception: the writer's flushes then report a completed reader, which is
            // how Kestrel learns that a connection's output has gone.
            await reader.CompleteAsync();
            TaskCompletionSource<bool>? waiter;
            lock (_gate)
            {
                _pumpEnded = true;
                waiter = _waiter;
                _waiter = null;
            }

            waiter?.TrySetResult(false);
        }
    }

    private void MarkSent(long bytes)
    {
        TaskCompletionSource<bool>? done = null;
        lock (_gate)
        {
            _sent += bytes;
            if (_waiter is not null && _sent >= _waitingFor)
            {
                done = _waiter;
                _waiter = null;
            }
        }

        done?.TrySetResult(true);
    }

    private ValueTask SendAsync(ReadOnlySequence<byte> buffer)
    {
        while (true)
        {
            var sent = TrySend(buffer);
            if (sent == NativeSend.WouldBlock)
            {
                return SendWhenWritableAsync(buffer);
            }

            if (sent == buffer.Length)
            {
                return default;
            }

            buffer = buffer.Slice(sent);
        }
    }

    /// <summary>One sendmsg over up to <see cref="NativeSend.MaxVectors"/> segments of <paramref name="buffer"/>.</summary>
    private unsafe long TrySend(in ReadOnlySequence<byte> buffer)
    {
        Span<NativeSend.IoVector> vectors = stackalloc NativeSend.IoVector[NativeSend.MaxVectors];
        var pins = t_pins ??= new MemoryHandle[NativeSend.MaxVectors];
        var count = 0;
        try
        {
            foreach (var segment in buffer)
            {
                if (segment.IsEmpty)
                {
                    continue;
                }

                if (count == vectors.Length)
                {
                    break;
                }

                // Kestrel's blocks are pinned already (no GC handle is taken for them).
                pins[count] = segment.Pin();
                vectors[count] = new NativeSend.IoVector { Base = (byte*)pins[count].Pointer, Length = (nuint)segment.Length };
                count++;
            }

            return NativeSend.Send(_handle, vectors[..count]);
        }
        finally
        {
            for (var i = 0; i < count; i++)
            {
                pins[i].Dispose();
            }
        }
    }

    /// <summary>The socket is full: let .NET's event loop wait for room, a segment at a time.</summary>
    private async ValueTask SendWhenWritableAsync(ReadOnlySequence<byte> buffer)
    {
        foreach (var segment in buffer)
        {
            var rest = segment;
            while (!rest.IsEmpty)
            {
                rest = rest[await _socket.SendAsync(rest, SocketFlags.None)..];
            }
        }
    }
}
