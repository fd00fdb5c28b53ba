using StaticServe.LoadTests.Server;

namespace StaticServe.LoadTests.Tests.Server;

/// <summary>Tests reading the server's /stats document.</summary>
public sealed class StatsSnapshotTests
{
    private const string Document = """
        {"fileCount":3,"cacheHits":10,"cacheMisses":2,"cacheHitRatio":0.8333,"cacheEvictions":1,"cacheInvalidations":4,
         "requests":12,"bytesServed":12345,"poolInUse":0,"poolRents":7,"poolTemporaryAllocations":0,
         "totalAllocatedBytes":1.5E6,"workingSetBytes":83886080,"gcGen0":2,"gcGen2":0}
        """;

    [Fact]
    public void Parse_FullDocument_ReadsEveryField()
    {
        var stats = StatsSnapshot.Parse(Document);

        Assert.Equal(new StatsSnapshot(10, 2, 1, 4, 12, 12345, 0, 7, 0, 1_500_000, 83_886_080, 2, 0), stats);
    }

    [Fact]
    public void Parse_FieldMissing_ThrowsNamingIt()
    {
        var error = Assert.Throws<FormatException>(() => StatsSnapshot.Parse(Document.Replace("\"poolInUse\":0,", "", StringComparison.Ordinal)));

        Assert.Equal("/stats has no numeric field 'poolInUse'", error.Message);
    }
}
