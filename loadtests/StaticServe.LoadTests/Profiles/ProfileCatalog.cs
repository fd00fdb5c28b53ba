namespace StaticServe.LoadTests.Profiles;

/// <summary>Owns the list of profiles in their run order and lookup by name.</summary>
internal static class ProfileCatalog
{
    /// <summary>All profiles, cheapest first so a broken server fails fast in CI.</summary>
    public static IReadOnlyList<Profile> CreateAll() =>
    [
        new SmallHotProfile(),
        new AssetMixProfile(),
        new ManyFilesProfile(),
        new ManyFilesEvictProfile(),
        new ConditionalProfile(),
        new RangeSeekProfile(),
        new LargeDownloadProfile(),
        new AbortsProfile(),
        new ChurnProfile(),
    ];
}
