using StaticServe.Cli;
using StaticServe.Configuration;

namespace StaticServe.Tests.Cli;

public sealed class CliSettingsTests
{
    private const int RawSettingsExceptRoot = 24;

    [Fact]
    public void All_EachSettingFillsItsOwnRawProperty_AndTogetherEveryOne()
    {
        var empty = new RawServerOptions();

        var filled = CliSettings.All.Select(s => s.Apply(empty, new RawValue("v", s.Flag))).ToList();

        Assert.Equal(RawSettingsExceptRoot, CliSettings.All.Count);
        Assert.DoesNotContain(empty, filled);
        Assert.Equal(filled.Count, filled.Distinct().Count());
        var all = CliSettings.All.Aggregate(empty, (raw, s) => s.Apply(raw, new RawValue("v", s.Flag)));
        var rawProperties = typeof(RawServerOptions).GetProperties()
            .Where(p => p.Name != nameof(RawServerOptions.Root))
            .ToList();
        Assert.Equal(RawSettingsExceptRoot, rawProperties.Count);
        Assert.All(rawProperties, p => Assert.NotNull(p.GetValue(all)));
    }

    [Fact]
    public void All_FlagsAndVariables_AreUnique()
    {
        Assert.Equal(CliSettings.All.Count, CliSettings.All.Select(s => s.Flag).Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(
            CliSettings.All.Count,
            CliSettings.All.Select(s => s.EnvironmentVariable).Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void HelpText_AppendsVariableAndDefault()
    {
        var port = CliSettings.All.Single(s => s.Flag == "--port");

        Assert.EndsWith("[env: STATICSERVE_PORT] [default: 8080]", port.HelpText, StringComparison.Ordinal);
    }
}
