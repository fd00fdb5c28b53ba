using StaticServe.Http;

namespace StaticServe.Tests.Http;

/// <summary>
/// Request-target paths (RFC 9112 §3.2.1, RFC 3986 §2.1 percent-encoding, §3.3 path segments):
/// decoded exactly once; anything that would change which file is named after decoding is refused.
/// </summary>
public sealed class TargetPathDecoderTests
{
    [Theory]
    [InlineData("/", "/")]
    [InlineData("/index.html", "/index.html")]
    [InlineData("/a/b/c.css", "/a/b/c.css")]
    [InlineData("/dir/", "/dir/")]
    [InlineData("/a%20b.txt", "/a b.txt")]
    [InlineData("/100%25.txt", "/100%.txt")]
    [InlineData("/c%23.txt", "/c#.txt")]
    [InlineData("/a+b", "/a+b")]
    [InlineData("/a%2Bb", "/a+b")]
    [InlineData("/%C3%BC", "/ü")]
    [InlineData("/%e6%97%a5", "/日")]
    [InlineData("/a?b=c", "/a")]
    [InlineData("/a?../../etc/passwd", "/a")]
    [InlineData("/a#frag", "/a")]
    [InlineData("//a//b", "/a/b")]
    [InlineData("/a//", "/a/")]
    [InlineData("/%252e%252e", "/%2e%2e")]
    [InlineData("/...", "/...")]
    [InlineData("/.well-known/x", "/.well-known/x")]
    [InlineData("/a.b.c", "/a.b.c")]
    [InlineData("/..a", "/..a")]
    public void Decode_ValidTarget_ReturnsDecodedPath(string target, string expected)
    {
        Span<char> buffer = stackalloc char[256];
        Assert.Equal(PathDecodeResult.Ok, TargetPathDecoder.Decode(target, buffer, out var written));
        Assert.Equal(expected, buffer[..written].ToString());
    }

    [Theory]
    [InlineData("/..")]
    [InlineData("/../a")]
    [InlineData("/a/../b")]
    [InlineData("/a/..")]
    [InlineData("/.")]
    [InlineData("/./a")]
    [InlineData("/%2e%2e/a")]
    [InlineData("/%2E%2E/a")]
    [InlineData("/.%2e/a")]
    [InlineData("/%2e/a")]
    [InlineData("/a%2fb")]
    [InlineData("/a%2Fb")]
    [InlineData("/a%5cb")]
    [InlineData("/a\\b")]
    [InlineData("/a%00b")]
    [InlineData("/a%0ab")]
    [InlineData("/a%7f")]
    [InlineData("/%")]
    [InlineData("/%4")]
    [InlineData("/%zz")]
    [InlineData("/%ff")]
    [InlineData("/%C0%AE%C0%AE")]
    [InlineData("/%ED%A0%80")]
    [InlineData("/\u00e9")]
    [InlineData("relative")]
    [InlineData("")]
    [InlineData("?q")]
    public void Decode_HostileOrMalformedTarget_ReturnsBadRequest(string target)
    {
        Span<char> buffer = stackalloc char[256];
        Assert.Equal(PathDecodeResult.BadRequest, TargetPathDecoder.Decode(target, buffer, out _));
    }

    [Fact]
    public void Decode_LongerThanBuffer_ReturnsTooLong()
    {
        Span<char> buffer = stackalloc char[16];
        Assert.Equal(PathDecodeResult.TooLong, TargetPathDecoder.Decode("/" + new string('a', 40), buffer, out _));
    }

    [Fact]
    public void Decode_PlainAndEscapedTargets_AllocateNothing()
    {
        // Measured on the second run so JIT tiering (OSR) costs of the first run are not counted.
        static void Run()
        {
            Span<char> buffer = stackalloc char[256];
            for (var i = 0; i < 1000; i++)
            {
                TargetPathDecoder.Decode("/assets/app.3f9a.js?v=1", buffer, out _);
                TargetPathDecoder.Decode("/a%20b/c.css", buffer, out _);
            }
        }

        // The claim is about the shipped (optimized) build; a Debug build's unoptimized code
        // allocates in places the JIT removes (CI runs the tests with -c Release).
        var debuggable = typeof(TargetPathDecoder).Assembly.GetCustomAttributes(typeof(System.Diagnostics.DebuggableAttribute), false);
        var optimized = debuggable.Length == 0 || !((System.Diagnostics.DebuggableAttribute)debuggable[0]).IsJITOptimizerDisabled;
        Run();
        var before = GC.GetAllocatedBytesForCurrentThread();
        Run();
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(!optimized || allocated == 0, $"{allocated} bytes allocated");
    }
}
