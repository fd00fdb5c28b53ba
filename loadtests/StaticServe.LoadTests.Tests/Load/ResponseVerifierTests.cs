using System.Net;
using StaticServe.LoadTests.Load;

namespace StaticServe.LoadTests.Tests.Load;

/// <summary>Tests that response verification catches wrong status, length and bytes, and passes exact copies.</summary>
public sealed class ResponseVerifierTests
{
    private static readonly byte[] Expected = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"u8.ToArray();

    [Fact]
    public async Task ExpectBody_ExactCopy_IsOkWithItsLength()
    {
        using var response = Respond(HttpStatusCode.OK, Expected);

        var outcome = await ResponseVerifier.ExpectBodyAsync(response, HttpStatusCode.OK, Expected, new byte[8], "/f", CancellationToken.None);

        Assert.Equal(RequestOutcome.Ok(62), outcome);
    }

    [Fact]
    public async Task ExpectBody_OneByteChanged_FailsNamingTheOffset()
    {
        var body = Expected.ToArray();
        body[40] = (byte)'!';
        using var response = Respond(HttpStatusCode.OK, body);

        var outcome = await ResponseVerifier.ExpectBodyAsync(response, HttpStatusCode.OK, Expected, new byte[8], "/f", CancellationToken.None);

        Assert.Equal(RequestOutcome.Failed("/f: body differs from the file at byte 40"), outcome);
    }

    [Fact]
    public async Task ExpectBody_WrongStatus_FailsWithBothCodes()
    {
        using var response = Respond(HttpStatusCode.NotFound, Expected);

        var outcome = await ResponseVerifier.ExpectBodyAsync(response, HttpStatusCode.OK, Expected, new byte[8], "/f", CancellationToken.None);

        Assert.Equal(RequestOutcome.Failed("/f: status 404, expected 200"), outcome);
    }

    [Fact]
    public async Task ExpectBody_ShorterBody_FailsOnContentLength()
    {
        using var response = Respond(HttpStatusCode.OK, Expected[..61]);

        var outcome = await ResponseVerifier.ExpectBodyAsync(response, HttpStatusCode.OK, Expected, new byte[8], "/f", CancellationToken.None);

        Assert.Equal(RequestOutcome.Failed("/f: Content-Length 61, expected 62"), outcome);
    }

    [Fact]
    public async Task ReadAndCompare_BodyLongerThanExpected_Fails()
    {
        using var response = Respond(HttpStatusCode.OK, [.. Expected, (byte)'+']);

        var error = await ResponseVerifier.ReadAndCompareAsync(response, Expected, new byte[16], CancellationToken.None);

        Assert.Equal("body longer than the expected 62 bytes", error);
    }

    [Theory]
    [InlineData(0, 0)]
    [InlineData(5, 5)]
    [InlineData(8, 8)]
    [InlineData(9, -1)]
    public async Task ReadSmallBody_AgainstAnEightByteBuffer_ReturnsLengthOrMinusOne(int bodyLength, int expected)
    {
        using var response = Respond(HttpStatusCode.OK, Expected[..bodyLength]);

        Assert.Equal(expected, await ResponseVerifier.ReadSmallBodyAsync(response, new byte[8], CancellationToken.None));
    }

    private static HttpResponseMessage Respond(HttpStatusCode status, byte[] body) =>
        new(status) { Content = new ByteArrayContent(body) };
}
