using System.Security.Cryptography;
using System.Text;
using StaticServe.Http;

namespace StaticServe.Serving;

/// <summary>
/// The framing of one multipart/byteranges body (RFC 9110 §14.6, RFC 2046 §5.1.1): the boundary, each
/// part's header block, the closing delimiter and the exact total length, computed before anything is
/// sent so the response carries a Content-Length and is never chunked.
/// </summary>
internal sealed class MultipartPlan
{
    /// <summary>Random hex characters per boundary (96 bits): unguessable even after seeing other
    /// responses' boundaries, so file content cannot be crafted to contain the next one; costs one
    /// CSPRNG call per multipart response, which are rare.</summary>
    private const int BoundaryChars = 24;

    private MultipartPlan(string boundary, byte[][] partHeaders, byte[] trailer, long contentLength)
    {
        Boundary = boundary;
        PartHeaders = partHeaders;
        Trailer = trailer;
        ContentLength = contentLength;
    }

    /// <summary>The boundary parameter (RFC 2046: at most 70 characters, here 24).</summary>
    public string Boundary { get; }

    /// <summary>For part i: CRLF, the delimiter, Content-Type, Content-Range and the blank line.</summary>
    public byte[][] PartHeaders { get; }

    /// <summary>CRLF, the close delimiter and a final CRLF.</summary>
    public byte[] Trailer { get; }

    /// <summary>Exact length of the whole body.</summary>
    public long ContentLength { get; }

    /// <summary>The response's Content-Type.</summary>
    public string ContentType => "multipart/byteranges; boundary=" + Boundary;

    /// <summary>Frames <paramref name="ranges"/> of a representation of <paramref name="length"/> bytes.</summary>
    public static MultipartPlan Create(ReadOnlySpan<ByteRange> ranges, string contentType, long length)
    {
        var boundary = RandomNumberGenerator.GetHexString(BoundaryChars, lowercase: true);
        var headers = new byte[ranges.Length][];
        long total = 0;
        for (var i = 0; i < ranges.Length; i++)
        {
            var r = ranges[i];
            headers[i] = Encoding.ASCII.GetBytes(
                $"\r\n--{boundary}\r\nContent-Type: {contentType}\r\nContent-Range: bytes {r.Start}-{r.End}/{length}\r\n\r\n");
            total += headers[i].Length + r.Length;
        }

        var trailer = Encoding.ASCII.GetBytes($"\r\n--{boundary}--\r\n");
        total += trailer.Length;
        return new MultipartPlan(boundary, headers, trailer, total);
    }
}
