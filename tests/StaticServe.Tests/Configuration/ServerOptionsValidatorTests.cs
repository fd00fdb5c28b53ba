using StaticServe.Configuration;

namespace StaticServe.Tests.Configuration;

public sealed class ServerOptionsValidatorTests : IDisposable
{
    private readonly TempFolder root = new();

    public void Dispose() => root.Dispose();

    [Fact]
    public void Validate_OnlyRoot_ReturnsDefaultOptionsAndNoErrors()
    {
        var result = ServerOptionsValidator.Validate(WithRoot());

        Assert.True(result.IsValid);
        Assert.Empty(result.Errors);
        Assert.Empty(result.Warnings);
        Assert.Equal(new ServerOptions { Root = root.Path }, result.Options);
    }

    [Fact]
    public void Validate_AnyError_ReturnsNoOptions()
    {
        var result = ServerOptionsValidator.Validate(WithRoot() with { Port = new RawValue("x", "--port") });

        Assert.False(result.IsValid);
        Assert.Null(result.Options);
        Assert.Equal(["--port: 'x' is not a whole number"], result.Errors);
    }

    [Fact]
    public void Validate_ManyErrors_ReportsAllInOptionOrder()
    {
        var raw = WithRoot() with
        {
            Host = new RawValue("h", "--host"),
            Port = new RawValue("1e3", "STATICSERVE_PORT"),
            BufferKb = new RawValue("3", "--buffer-kb"),
            NoRanges = new RawValue("perhaps", "STATICSERVE_NO_RANGES"),
            Index = new RawValue("a/b", "--index"),
            LogFormat = new RawValue("yaml", "--log-format"),
        };

        var result = ServerOptionsValidator.Validate(raw);

        Assert.Equal(
            [
                "--host: 'h' is not localhost, * or an IP address (use 0.0.0.0 or :: to listen on every interface)",
                "STATICSERVE_PORT: '1e3' is not a whole number",
                "--buffer-kb: 3 is not a valid buffer size (a power of two from 4 to 1024 KiB)",
                "STATICSERVE_NO_RANGES: 'perhaps' is not one of: true, false, 1, 0, yes, no",
                "--index: 'a/b' is not a plain file name (no '/', '\\', '.', '..' or control characters; empty turns index files off)",
                "--log-format: 'yaml' is not one of: text, json",
            ],
            result.Errors);
    }

    [Theory]
    [InlineData("localhost", "localhost")]
    [InlineData("LOCALHOST", "localhost")]
    [InlineData("*", "*")]
    [InlineData("0.0.0.0", "0.0.0.0")]
    [InlineData("127.0.0.1", "127.0.0.1")]
    [InlineData("10.1.2.3", "10.1.2.3")]
    [InlineData("::", "::")]
    [InlineData("::1", "::1")]
    [InlineData("[::1]", "::1")]
    [InlineData("0:0:0:0:0:0:0:1", "::1")]
    [InlineData("fd00::A", "fd00::a")]
    [InlineData("::ffff:127.0.0.1", "::ffff:127.0.0.1")]
    public void Validate_AcceptedHost_IsStoredCanonically(string host, string expected)
    {
        var result = ServerOptionsValidator.Validate(WithRoot() with { Host = new RawValue(host, "--host") });

        Assert.Equal(expected, result.Options!.Host);
    }

    [Theory]
    [InlineData("example.com")]
    [InlineData("127.1")]
    [InlineData("010.0.0.1")]
    [InlineData("256.0.0.1")]
    [InlineData("1.2.3")]
    [InlineData("")]
    [InlineData("[]")]
    [InlineData("[127.0.0.1]")]
    [InlineData("::1::")]
    [InlineData("+")]
    [InlineData("local host")]
    public void Validate_RejectedHost_IsAnErrorNamingTheFlag(string host)
    {
        var result = ServerOptionsValidator.Validate(WithRoot() with { Host = new RawValue(host, "--host") });

        Assert.Equal(
            [$"--host: {ServerOptionsValidator.Quote(host)} is not localhost, * or an IP address (use 0.0.0.0 or :: to listen on every interface)"],
            result.Errors);
    }

    [Theory]
    [InlineData("/", "/")]
    [InlineData("/docs", "/docs/")]
    [InlineData("/docs/", "/docs/")]
    [InlineData("/a/b.c/d", "/a/b.c/d/")]
    [InlineData("/données", "/données/")]
    [InlineData("/.well-known", "/.well-known/")]
    [InlineData("/a...b", "/a...b/")]
    public void Validate_AcceptedPrefix_EndsWithSlash(string prefix, string expected)
    {
        var result = ServerOptionsValidator.Validate(WithRoot() with { Prefix = new RawValue(prefix, "--prefix") });

        Assert.Equal(expected, result.Options!.Prefix);
    }

    [Theory]
    [InlineData("", "'' must start with '/'")]
    [InlineData("docs/", "'docs/' must start with '/'")]
    [InlineData("/a/..", "'/a/..' must not contain a '.' or '..' segment")]
    [InlineData("/../", "'/../' must not contain a '.' or '..' segment")]
    [InlineData("/./a", "'/./a' must not contain a '.' or '..' segment")]
    [InlineData("//a", "'//a' must not contain an empty segment ('//')")]
    [InlineData("/a//b/", "'/a//b/' must not contain an empty segment ('//')")]
    [InlineData("/a?b", "'/a?b' must not contain '?' (it would end the path)")]
    [InlineData("/a#b", "'/a#b' must not contain '#' (it would end the path)")]
    [InlineData("/a%2Fb", "'/a%2Fb' must not contain '%' (give the path decoded)")]
    [InlineData("/a\\b", "'/a\\b' must not contain '\\' (use '/')")]
    [InlineData("/a b", "'/a b' must not contain white space")]
    [InlineData("/a\nb", "'/a\\nb' must not contain a control character")]
    public void Validate_RejectedPrefix_IsAnErrorNamingTheFlag(string prefix, string expected)
    {
        var result = ServerOptionsValidator.Validate(WithRoot() with { Prefix = new RawValue(prefix, "--prefix") });

        Assert.Equal(["--prefix: " + expected], result.Errors);
    }

    [Theory]
    [InlineData("/", "'/' would hide every file; name a path such as '/stats'")]
    [InlineData("/stats/", "'/stats/' must not end with '/'")]
    [InlineData("stats", "'stats' must start with '/'")]
    [InlineData("/st?ats", "'/st?ats' must not contain '?' (it would end the path)")]
    [InlineData("/a/../stats", "'/a/../stats' must not contain a '.' or '..' segment")]
    public void Validate_RejectedEndpointPath_IsAnErrorNamingTheFlag(string path, string expected)
    {
        var result = ServerOptionsValidator.Validate(WithRoot() with { StatsPath = new RawValue(path, "--stats-path") });

        Assert.Equal(["--stats-path: " + expected], result.Errors);
    }

    [Theory]
    [InlineData("/healthz", null, "--stats-path: '/healthz' is already the path of --health-path")]
    [InlineData("/READYZ", null, "--stats-path: '/READYZ' is already the path of --ready-path")]
    [InlineData(null, "/healthz", "--ready-path: '/healthz' is already the path of --health-path")]
    [InlineData("/probe", "/probe", "--ready-path: '/probe' is already the path of --stats-path")]
    public void Validate_TwoEndpointsOnOnePath_BlamesTheGivenValue(string? stats, string? ready, string expected)
    {
        var raw = WithRoot() with
        {
            StatsPath = stats is null ? null : new RawValue(stats, "--stats-path"),
            ReadyPath = ready is null ? null : new RawValue(ready, "--ready-path"),
        };

        var result = ServerOptionsValidator.Validate(raw);

        Assert.Equal([expected], result.Errors);
    }

    [Fact]
    public void Validate_AllEndpointsDisabled_IsAccepted()
    {
        var raw = WithRoot() with
        {
            StatsPath = new RawValue(string.Empty, "--stats-path"),
            HealthPath = new RawValue(string.Empty, "--health-path"),
            ReadyPath = new RawValue(string.Empty, "--ready-path"),
        };

        var options = ServerOptionsValidator.Validate(raw).Options!;

        Assert.Equal((string.Empty, string.Empty, string.Empty), (options.StatsPath, options.HealthPath, options.ReadyPath));
    }

    [Theory]
    [InlineData("index.htm")]
    [InlineData("README")]
    [InlineData(".index.html")]
    [InlineData("a..b.html")]
    public void Validate_PlainIndexName_IsAccepted(string name)
    {
        var result = ServerOptionsValidator.Validate(WithRoot() with { Index = new RawValue(name, "--index") });

        Assert.Equal(name, result.Options!.IndexFile);
    }

    [Theory]
    [InlineData(".")]
    [InlineData("..")]
    [InlineData("/index.html")]
    [InlineData("sub/index.html")]
    [InlineData("sub\\index.html")]
    [InlineData("index\u0000.html")]
    public void Validate_IndexThatIsNotAPlainName_IsRejected(string name)
    {
        var result = ServerOptionsValidator.Validate(WithRoot() with { Index = new RawValue(name, "--index") });

        Assert.Equal(
            [$"--index: {ServerOptionsValidator.Quote(name)} is not a plain file name (no '/', '\\', '.', '..' or control characters; empty turns index files off)"],
            result.Errors);
    }

    // RFC 9110 §5.5: field values are visible ASCII plus SP/HTAB; CR or LF would end the field and inject
    // another header, so every control character and every non-ASCII character is refused.
    [Theory]
    [InlineData("public\r\nX-Evil: 1")]
    [InlineData("no-cache\n")]
    [InlineData("max-age=60\u0000")]
    [InlineData("max-age=60\tpublic")]
    [InlineData("max-age=60\u007F")]
    [InlineData("max-âge=60")]
    public void Validate_CacheControlWithControlOrNonAsciiCharacter_IsRejected(string value)
    {
        var result = ServerOptionsValidator.Validate(WithRoot() with { CacheControl = new RawValue(value, "--cache-control") });

        Assert.Equal(
            [$"--cache-control: {ServerOptionsValidator.Quote(value)} may contain only printable ASCII (no CR, LF or other control characters)"],
            result.Errors);
        Assert.DoesNotContain('\n', result.Errors[0]);
    }

    [Fact]
    public void Validate_CacheOffWithHugeFileLimit_IsAccepted()
    {
        var raw = WithRoot() with
        {
            CacheMb = new RawValue("0", "--cache-mb"),
            MaxCachedFileKb = new RawValue("2097151", "--max-cached-file-kb"),
        };

        var options = ServerOptionsValidator.Validate(raw).Options!;

        Assert.Equal(0, options.CacheBytes);
        Assert.Equal(2097151L * 1024, options.MaxCachedFileBytes);
    }

    [Fact]
    public void Validate_FileLimitEqualToCache_IsAccepted()
    {
        var raw = WithRoot() with
        {
            CacheMb = new RawValue("4", "--cache-mb"),
            MaxCachedFileKb = new RawValue("4096", "--max-cached-file-kb"),
        };

        Assert.True(ServerOptionsValidator.Validate(raw).IsValid);
    }

    [Fact]
    public void Validate_FileLimitInvalidAndCacheSmall_ReportsOnlyTheRangeError()
    {
        // The cross-check needs two valid numbers; a second message about the same typo would be noise.
        var raw = WithRoot() with
        {
            CacheMb = new RawValue("1", "--cache-mb"),
            MaxCachedFileKb = new RawValue("0", "--max-cached-file-kb"),
        };

        Assert.Equal(
            ["--max-cached-file-kb: 0 is not a valid file size limit (1-2097151 KiB)"],
            ServerOptionsValidator.Validate(raw).Errors);
    }

    [Theory]
    [InlineData("4", 4096)]
    [InlineData("8", 8192)]
    [InlineData("16", 16384)]
    [InlineData("32", 32768)]
    [InlineData("64", 65536)]
    [InlineData("128", 131072)]
    [InlineData("256", 262144)]
    [InlineData("512", 524288)]
    [InlineData("1024", 1048576)]
    public void Validate_PowerOfTwoBuffer_IsAccepted(string kb, int expectedBytes)
    {
        var result = ServerOptionsValidator.Validate(WithRoot() with { BufferKb = new RawValue(kb, "--buffer-kb") });

        Assert.Equal(expectedBytes, result.Options!.BufferBytes);
    }

    [Theory]
    [InlineData("+80", 80)]
    [InlineData("0080", 80)]
    public void Validate_NumberWithSignOrLeadingZeros_IsAccepted(string text, int expected)
    {
        var result = ServerOptionsValidator.Validate(WithRoot() with { Port = new RawValue(text, "--port") });

        Assert.Equal(expected, result.Options!.Port);
    }

    [Theory]
    [InlineData("0x50")]
    [InlineData("8_080")]
    [InlineData("8,080")]
    [InlineData("80 ")]
    [InlineData("--80")]
    [InlineData("٨٠")]
    public void Validate_NumberInAnotherNotation_IsNotAWholeNumber(string text)
    {
        var result = ServerOptionsValidator.Validate(WithRoot() with { Port = new RawValue(text, "--port") });

        Assert.Equal([$"--port: {ServerOptionsValidator.Quote(text)} is not a whole number"], result.Errors);
    }

    [Theory]
    [InlineData("999", 0)]
    [InlineData("1000", 1)]
    [InlineData("60000", 1)]
    public void Validate_RevalidateInterval_WarnsFromOneSecond(string ms, int expectedWarnings)
    {
        var result = ServerOptionsValidator.Validate(WithRoot() with { RevalidateMs = new RawValue(ms, "--revalidate-ms") });

        Assert.True(result.IsValid);
        Assert.Equal(expectedWarnings, result.Warnings.Count);
    }

    [Fact]
    public void Validate_RootWithDotDot_IsNormalized()
    {
        string sub = Path.Combine(root.Path, "sub");
        Directory.CreateDirectory(sub);

        var result = ServerOptionsValidator.Validate(new RawServerOptions { Root = new RawValue(sub + "/../sub/", "ROOT") });

        Assert.Equal(sub, result.Options!.Root);
    }

    [Fact]
    public void Validate_RootWithNulCharacter_IsNotAValidPath()
    {
        var result = ServerOptionsValidator.Validate(new RawServerOptions { Root = new RawValue("a\0b", "ROOT") });

        Assert.Equal(["root folder 'a\\u0000b' is not a valid path"], result.Errors);
    }

    [Theory]
    [InlineData("plain", "'plain'")]
    [InlineData("", "''")]
    [InlineData("a\r\nb", "'a\\r\\nb'")]
    [InlineData("tab\there", "'tab\\there'")]
    [InlineData("esc\u001B[31m", "'esc\\u001B[31m'")]
    public void Quote_ControlCharacters_AreEscapedOntoOneLine(string text, string expected)
    {
        Assert.Equal(expected, ServerOptionsValidator.Quote(text));
    }

    private RawServerOptions WithRoot() => new() { Root = new RawValue(root.Path, ServerOptionsValidator.RootArgument) };
}
