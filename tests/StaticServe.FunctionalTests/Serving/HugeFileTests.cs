using System.Globalization;
using System.Text;
using StaticServe.FunctionalTests.Infrastructure;

namespace StaticServe.FunctionalTests.Serving;

/// <summary>Files beyond 4 GiB (sparse, so the test costs no disk): lengths and offsets past 2^32.</summary>
public sealed class HugeFileTests
{
    private const long Size = 5L * 1024 * 1024 * 1024;
    private const long MarkerOffset = (1L << 32) + 100;
    private static readonly byte[] Marker = Encoding.ASCII.GetBytes("beyond-4GiB");

    private static Task<TestServer> StartAsync(bool sendfile = true) => TestServer.StartAsync(root =>
    {
        using var file = new FileStream(Path.Combine(root, "huge.bin"), FileMode.CreateNew);
        file.SetLength(Size);
        file.Position = MarkerOffset;
        file.Write(Marker);
        file.Position = Size - Marker.Length;
        file.Write(Marker);
    }, o => o with { Sendfile = sendfile });

    [Fact]
    public async Task Head_FiveGiBFile_ReportsExactLength()
    {
        await using var server = await StartAsync();
        var response = await server.GetRawAsync("/huge.bin", method: "HEAD");
        Assert.Equal(200, response.Status);
        Assert.Equal(Size.ToString(CultureInfo.InvariantCulture), response.Header("Content-Length"));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Range_PastFourGiB_ReturnsExactBytes(bool sendfile)
    {
        await using var server = await StartAsync(sendfile);
        var end = MarkerOffset + Marker.Length - 1;
        var response = await server.GetRawAsync("/huge.bin", $"Range: bytes={MarkerOffset}-{end}\r\n");
        Assert.Equal(206, response.Status);
        Assert.Equal($"bytes {MarkerOffset}-{end}/{Size}", response.Header("Content-Range"));
        Assert.Equal(Marker, response.Body);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task SuffixRange_OnFiveGiBFile_ReturnsTheLastBytes(bool sendfile)
    {
        await using var server = await StartAsync(sendfile);
        var response = await server.GetRawAsync("/huge.bin", $"Range: bytes=-{Marker.Length}\r\n");
        Assert.Equal(206, response.Status);
        Assert.Equal($"bytes {Size - Marker.Length}-{Size - 1}/{Size}", response.Header("Content-Range"));
        Assert.Equal(Marker, response.Body);
    }

    [Fact]
    public async Task MultipleRanges_AcrossFourGiB_PartsAreExact()
    {
        await using var server = await StartAsync();
        var response = await server.GetRawAsync("/huge.bin", $"Range: bytes=0-9,{MarkerOffset}-{MarkerOffset + Marker.Length - 1}\r\n");
        Assert.Equal(206, response.Status);
        var parts = Multipart.Parse(response.Body, response.Header("Content-Type")!);
        Assert.Equal(new byte[10], parts[0].Body);
        Assert.Equal(Marker, parts[1].Body);
        Assert.Equal($"bytes {MarkerOffset}-{MarkerOffset + Marker.Length - 1}/{Size}", parts[1].ContentRange);
    }
}
