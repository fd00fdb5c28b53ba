using StaticServe.Cli;

namespace StaticServe.Tests.Cli;

public sealed class EnvironmentVariableNamesTests
{
    [Theory]
    [InlineData("--port", "STATICSERVE_PORT")]
    [InlineData("--max-cached-file-kb", "STATICSERVE_MAX_CACHED_FILE_KB")]
    [InlineData("--no-etag", "STATICSERVE_NO_ETAG")]
    [InlineData("--log-level", "STATICSERVE_LOG_LEVEL")]
    public void ForFlag_DashedFlag_IsUpperCaseWithUnderscores(string flag, string expected)
    {
        Assert.Equal(expected, EnvironmentVariableNames.ForFlag(flag));
    }

    [Fact]
    public void Root_IsThePrefixedRootName()
    {
        Assert.Equal("STATICSERVE_ROOT", EnvironmentVariableNames.Root);
    }
}
