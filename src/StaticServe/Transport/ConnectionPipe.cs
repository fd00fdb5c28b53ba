using System.IO.Pipelines;

namespace StaticServe.Transport;

/// <summary>A connection's two halves: Kestrel's receiving side and our <see cref="SocketOutput"/>.</summary>
internal sealed class ConnectionPipe(PipeReader input, PipeWriter output) : IDuplexPipe
{
    public PipeReader Input { get; } = input;

    public PipeWriter Output { get; } = output;
}
