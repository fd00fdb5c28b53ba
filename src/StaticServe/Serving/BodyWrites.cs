using System.IO.Pipelines;

namespace StaticServe.Serving;

/// <summary>
/// Writes in-memory bodies to the response pipe without an async state machine when the write
/// completes at once (the common case for small bodies), so a cache hit allocates nothing here.
/// </summary>
internal static class BodyWrites
{
    /// <summary>Writes and flushes <paramref name="body"/>.</summary>
    public static Task WriteAsync(HttpResponse response, ReadOnlyMemory<byte> body)
    {
        var pending = response.BodyWriter.WriteAsync(body);
        if (pending.IsCompletedSuccessfully)
        {
            _ = pending.Result;
            return Task.CompletedTask;
        }

        return AwaitAsync(pending);
    }

    private static async Task AwaitAsync(ValueTask<FlushResult> pending) => await pending;
}
