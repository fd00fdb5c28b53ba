using System.Text;

namespace StaticServe.FunctionalTests.Infrastructure;

/// <summary>A strict multipart/byteranges parser (RFC 9110 §14.6, RFC 2046 §5.1.1) for checking bodies byte for byte.</summary>
internal static class Multipart
{
    public sealed record Part(string ContentType, string ContentRange, byte[] Body);

    public static List<Part> Parse(byte[] body, string contentType)
    {
        const string marker = "multipart/byteranges; boundary=";
        Assert.StartsWith(marker, contentType);
        var boundary = contentType[marker.Length..];
        var delimiter = Encoding.ASCII.GetBytes("\r\n--" + boundary);
        var parts = new List<Part>();
        var position = 0;
        while (true)
        {
            Assert.True(body.AsSpan(position).StartsWith(delimiter), $"expected a delimiter at {position}");
            position += delimiter.Length;
            if (body.AsSpan(position).StartsWith("--\r\n"u8))
            {
                Assert.Equal(body.Length, position + 4);
                return parts;
            }

            Assert.True(body.AsSpan(position).StartsWith("\r\n"u8));
            position += 2;
            var headEnd = body.AsSpan(position).IndexOf("\r\n\r\n"u8);
            var head = Encoding.ASCII.GetString(body, position, headEnd).Split("\r\n");
            position += headEnd + 4;
            var type = head.Single(h => h.StartsWith("Content-Type: ", StringComparison.Ordinal))["Content-Type: ".Length..];
            var range = head.Single(h => h.StartsWith("Content-Range: ", StringComparison.Ordinal))["Content-Range: ".Length..];
            var span = range["bytes ".Length..range.IndexOf('/')].Split('-');
            var length = long.Parse(span[1], System.Globalization.CultureInfo.InvariantCulture) - long.Parse(span[0], System.Globalization.CultureInfo.InvariantCulture) + 1;
            parts.Add(new Part(type, range, body.AsSpan(position, (int)length).ToArray()));
            position += (int)length;
        }
    }
}
