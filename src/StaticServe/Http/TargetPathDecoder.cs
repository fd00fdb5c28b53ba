using System.Text;

namespace StaticServe.Http;

/// <summary>
/// Turns the path of an origin-form request target (RFC 9112 §3.2.1) into the decoded absolute path
/// that names a file: percent-decoded exactly once as UTF-8 (RFC 3986 §2.1), '+' kept literal (it is
/// form encoding, not URI encoding), query ignored, runs of '/' merged (as nginx's merge_slashes).
/// Anything that could change which file is named after decoding is refused rather than repaired:
/// dot segments (raw or encoded), an encoded '/', a backslash, NUL and other control characters.
/// Refusing instead of normalising means no later step ever has to reason about escapes.
/// </summary>
internal static class TargetPathDecoder
{
    /// <summary>Decodes <paramref name="target"/> (up to its '?' or '#') into <paramref name="destination"/>.</summary>
    /// <param name="target">The raw request target, starting with '/'.</param>
    /// <param name="destination">Receives the decoded path; it always starts with '/'.</param>
    /// <param name="written">Characters written to <paramref name="destination"/>.</param>
    public static PathDecodeResult Decode(ReadOnlySpan<char> target, Span<char> destination, out int written)
    {
        written = 0;
        var end = target.IndexOfAny('?', '#');
        if (end >= 0)
        {
            target = target[..end];
        }

        if (target.IsEmpty || target[0] != '/')
        {
            return PathDecodeResult.BadRequest;
        }

        // Fast path: nothing escaped and only printable ASCII, so the decoded path is the raw one
        // (CopySegments still refuses dot segments and backslashes). This is every request for an
        // ordinary asset name.
        if (!target.Contains('%') && !target.ContainsAnyExceptInRange(' ', '~'))
        {
            return CopySegments(target, destination, out written);
        }

        // Percent-decode into bytes first, then UTF-8-decode strictly: a %XX sequence is a byte, and
        // multi-byte characters arrive as several escapes.
        Span<byte> bytes = target.Length <= 2048 ? stackalloc byte[target.Length] : new byte[target.Length];
        var count = 0;
        for (var i = 0; i < target.Length; i++)
        {
            var c = target[i];
            if (c == '%')
            {
                if (i + 2 >= target.Length || !IsHex(target[i + 1]) || !IsHex(target[i + 2]))
                {
                    return PathDecodeResult.BadRequest;
                }

                var b = (byte)((HexValue(target[i + 1]) << 4) | HexValue(target[i + 2]));
                i += 2;

                // An encoded '/' would let one segment name a nested path; refuse it (Apache's
                // AllowEncodedSlashes Off does the same).
                if (b == (byte)'/')
                {
                    return PathDecodeResult.BadRequest;
                }

                bytes[count++] = b;
            }
            else if (c > 0x7F)
            {
                // Raw non-ASCII is not allowed in a request target (RFC 3986 §2); Kestrel refuses it
                // before us, this keeps the decoder correct on its own.
                return PathDecodeResult.BadRequest;
            }
            else
            {
                bytes[count++] = (byte)c;
            }
        }

        Span<char> chars = count <= 2048 ? stackalloc char[count] : new char[count];
        int charCount;
        try
        {
            charCount = StrictUtf8.GetChars(bytes[..count], chars);
        }
        catch (DecoderFallbackException)
        {
            return PathDecodeResult.BadRequest;
        }

        return CopySegments(chars[..charCount], destination, out written);
    }

    /// <summary>Throws on invalid UTF-8 instead of inserting U+FFFD, so a malformed name is a 400 rather than a different name.</summary>
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>Copies a decoded path segment by segment, merging empty segments and refusing dot segments and unsafe characters.</summary>
    private static PathDecodeResult CopySegments(ReadOnlySpan<char> path, Span<char> destination, out int written)
    {
        written = 0;
        var pos = 0;
        while (pos < path.Length)
        {
            // path[pos] is '/'; skip the run of slashes.
            while (pos < path.Length && path[pos] == '/')
            {
                pos++;
            }

            var next = path[pos..].IndexOf('/');
            var segment = next < 0 ? path[pos..] : path.Slice(pos, next);
            var trailingSlash = next >= 0;
            pos = next < 0 ? path.Length : pos + next;

            if (segment.IsEmpty)
            {
                // The path ended with one or more slashes: keep one, it means "directory".
                if (written == 0 || destination[written - 1] != '/')
                {
                    if (written >= destination.Length)
                    {
                        return PathDecodeResult.TooLong;
                    }

                    destination[written++] = '/';
                }

                break;
            }

            if (segment is "." or "..")
            {
                return PathDecodeResult.BadRequest;
            }

            foreach (var c in segment)
            {
                // Controls (NUL included) never belong in a file name served over HTTP; a backslash is
                // a separator on Windows and an escape risk everywhere.
                if (c < 0x20 || c == 0x7F || c == '\\')
                {
                    return PathDecodeResult.BadRequest;
                }
            }

            if (written + 1 + segment.Length + (trailingSlash ? 1 : 0) > destination.Length)
            {
                return PathDecodeResult.TooLong;
            }

            destination[written++] = '/';
            segment.CopyTo(destination[written..]);
            written += segment.Length;
        }

        if (written == 0)
        {
            if (destination.IsEmpty)
            {
                return PathDecodeResult.TooLong;
            }

            destination[written++] = '/';
        }
        else if (path[^1] == '/' && destination[written - 1] != '/')
        {
            destination[written++] = '/';
        }

        return PathDecodeResult.Ok;
    }

    private static bool IsHex(char c) => char.IsAsciiHexDigit(c);

    private static int HexValue(char c) => c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10;
}
