using StaticServe.Http;

namespace StaticServe.Serving;

/// <summary>
/// Small plain-text answers (errors, OPTIONS, health): a short body that says what happened, an
/// exact Content-Length (so HTTP/1.0 clients never see chunking), and `no-store` so no cache keeps
/// an error past the deploy that fixes it. Bodies are preallocated: an error costs no formatting.
/// </summary>
internal static class PlainTextResponse
{
    public const string ContentType = "text/plain; charset=utf-8";

    public static readonly byte[] BadRequest = "400 Bad Request\n"u8.ToArray();
    public static readonly byte[] NotFound = "404 Not Found\n"u8.ToArray();
    public static readonly byte[] MethodNotAllowed = "405 Method Not Allowed\n"u8.ToArray();
    public static readonly byte[] PreconditionFailed = "412 Precondition Failed\n"u8.ToArray();
    public static readonly byte[] UriTooLong = "414 URI Too Long\n"u8.ToArray();
    public static readonly byte[] RangeNotSatisfiable = "416 Range Not Satisfiable\n"u8.ToArray();
    public static readonly byte[] Ok = "ok\n"u8.ToArray();
    public static readonly byte[] Ready = "ready\n"u8.ToArray();
    public static readonly byte[] NotReady = "503 Shutting Down\n"u8.ToArray();
    public static readonly byte[] MovedPermanently = "301 Moved Permanently\n"u8.ToArray();

    /// <summary>Writes <paramref name="body"/> with <paramref name="status"/>; HEAD gets the headers only.</summary>
    public static Task WriteAsync(HttpResponse response, int status, byte[] body, bool isHead)
    {
        response.StatusCode = status;
        var headers = response.Headers;
        headers.ContentType = ContentType;
        headers.CacheControl = CacheControlPolicy.NoStore;
        response.ContentLength = body.Length;
        return isHead ? Task.CompletedTask : BodyWrites.WriteAsync(response, body);
    }
}
