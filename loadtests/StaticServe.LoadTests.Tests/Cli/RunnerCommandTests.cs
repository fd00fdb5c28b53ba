using StaticServe.LoadTests.Cli;

namespace StaticServe.LoadTests.Tests.Cli;

/// <summary>Tests the runner's command-line parsing (durations, unknown flags).</summary>
public sealed class RunnerCommandTests
{
    [Theory]
    [InlineData("30", 30)]
    [InlineData("30s", 30)]
    [InlineData("2m", 120)]
    [InlineData("1.5s", 1.5)]
    public void Parse_Duration_AcceptsSecondsAndMinutes(string text, double seconds)
    {
        var result = RunnerCommand.Create().Parse(["--duration", text]);

        Assert.Empty(result.Errors);
        Assert.Equal(TimeSpan.FromSeconds(seconds), result.GetValue<TimeSpan?>("--duration"));
    }

    [Theory]
    [InlineData("0")]
    [InlineData("-5s")]
    [InlineData("fast")]
    public void Parse_InvalidDuration_ReportsAnError(string text)
    {
        var result = RunnerCommand.Create().Parse(["--warmup", text]);

        Assert.Single(result.Errors);
    }

    [Fact]
    public void Parse_RepeatedProfile_CollectsEveryName()
    {
        var result = RunnerCommand.Create().Parse(["--profile", "churn", "--profile", "aborts"]);

        Assert.Equal(["churn", "aborts"], result.GetValue<string[]>("--profile") ?? []);
    }
}
