using StaticServe.LoadTests.Corpus;

namespace StaticServe.LoadTests.Tests.Corpus;

/// <summary>Tests that generated content is reproducible and distinct per name and version.</summary>
public sealed class ContentGeneratorTests
{
    [Fact]
    public void FillBinary_SameSeedTwice_GivesIdenticalBytes()
    {
        var first = new byte[1000];
        var second = new byte[1000];
        ContentGenerator.FillBinary(ContentGenerator.Seed("/hot/1k.bin", 0), first);
        ContentGenerator.FillBinary(ContentGenerator.Seed("/hot/1k.bin", 0), second);

        Assert.Equal(first, second);
    }

    [Theory]
    [InlineData("/churn/c00.txt", 0, "/churn/c00.txt", 1)]
    [InlineData("/churn/c00.txt", 5, "/churn/c01.txt", 5)]
    public void Seed_DifferentNameOrVersion_GivesDifferentText(string nameA, int versionA, string nameB, int versionB)
    {
        var a = new byte[4096];
        var b = new byte[4096];
        ContentGenerator.FillText(ContentGenerator.Seed(nameA, versionA), a);
        ContentGenerator.FillText(ContentGenerator.Seed(nameB, versionB), b);

        Assert.NotEqual(a, b);
    }

    [Fact]
    public void FillText_EightyCharacterLines_EndEveryLineWithNewline()
    {
        var text = new byte[240];
        ContentGenerator.FillText(42, text);

        Assert.Equal((byte)'\n', text[79]);
        Assert.Equal((byte)'\n', text[159]);
        Assert.Equal((byte)'\n', text[239]);
        Assert.Equal(3, text.Count(b => b == '\n'));
        Assert.All(text, b => Assert.True(b == '\n' || b is >= 32 and <= 126, $"byte {b} is not printable ASCII"));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(9)]
    public void FillBinary_LengthNotMultipleOfEight_FillsTheTail(int length)
    {
        var bytes = new byte[length + 64];
        ContentGenerator.FillBinary(99, bytes.AsSpan(0, length));

        Assert.All(bytes.Skip(length), b => Assert.Equal(0, b));
    }
}
