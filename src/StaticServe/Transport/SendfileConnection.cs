using System.Buffers;
using System.Net.Sockets;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Connections.Features;
using StaticServe.Buffers;
using StaticServe.Diagnostics;

namespace StaticServe.Transport;

/// <summary>
/// Kestrel connection middleware that puts a <see cref="SocketOutput"/> between Kestrel's HTTP layer
/// and the socket and offers it to requests as a feature (Kestrel looks connection features up from
/// the request's). Connections without a TCP socket (none today), and systems without the native
/// calls (<see cref="NativeSend.IsAvailable"/>), keep Kestrel's own sender.
/// </summary>
internal sealed class SendfileConnection(BufferPool pool, ServerCounters counters, TimeSpan drainLimit)
{
    public ConnectionDelegate Wrap(ConnectionDelegate next) => connection => RunAsync(connection, next);

    private async Task RunAsync(ConnectionContext connection, ConnectionDelegate next)
    {
        var socket = connection.Features.Get<IConnectionSocketFeature>()?.Socket;
        if (socket is not { SocketType: SocketType.Stream } || !NativeSend.IsAvailable)
        {
            await next(connection);
            return;
        }

        var original = connection.Transport;
        var memory = connection.Features.Get<IMemoryPoolFeature>()?.MemoryPool ?? MemoryPool<byte>.Shared;
        SocketOutput output;
        try
        {
            output = new SocketOutput(socket, memory, pool, counters, connection);
        }
        catch (ObjectDisposedException)
        {
            // Aborted before it got here: Kestrel's own sender tells it so.
            await next(connection);
            return;
        }

        connection.Transport = new ConnectionPipe(original.Input, output);
        connection.Features.Set(output);
        try
        {
            await next(connection);
        }
        finally
        {
            // What Kestrel wrote last (a final response, a 400) still goes out, then the socket's own
            // sender is told the output is done, so Kestrel closes the connection as it always does.
            try
            {
                await output.DrainAsync(drainLimit);
            }
            finally
            {
                await original.Output.CompleteAsync();
            }
        }
    }
}
