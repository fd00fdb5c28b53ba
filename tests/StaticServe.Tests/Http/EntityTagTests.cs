using Microsoft.Extensions.Primitives;
using StaticServe.Http;

namespace StaticServe.Tests.Http;

/// <summary>Tests for <see cref="EntityTag"/>: creation, §8.8.3 syntax, §8.8.3.2 comparison, list matching.</summary>
public sealed class EntityTagTests
{
    /// <summary>2023-11-14T22:13:20.123456789Z in Unix nanoseconds.</summary>
    private const long SomeModified = 1_700_000_000_123_456_789;

    [Theory]
    [InlineData(500L, SomeModified, "\"1f4-17979cfe3d85cd15\"")]
    [InlineData(0L, 0L, "\"0-0\"")]
    [InlineData(62L, 1L, "\"3e-1\"")]
    [InlineData(long.MaxValue, long.MaxValue, "\"7fffffffffffffff-7fffffffffffffff\"")]
    [InlineData(1L, -1_000_000_000L, "\"1-ffffffffc4653600\"")]
    public void Create_SizeAndNanoseconds_ReturnsQuotedHexTag(long length, long modified, string expected)
    {
        Assert.Equal(expected, EntityTag.Create(length, modified));
    }

    // The peer bug this avoids: two same-size writes within one second must not share a tag.
    [Fact]
    public void Create_SameSizeRewriteWithinSameSecond_ReturnsDifferentTag()
    {
        var first = EntityTag.Create(500, SomeModified);
        var second = EntityTag.Create(500, SomeModified + 1);

        Assert.NotEqual(first, second);
        Assert.False(EntityTag.WeakEquals(first, second));
    }

    [Fact]
    public void Create_Always_ReturnsValidStrongTag()
    {
        var tag = EntityTag.Create(500, SomeModified);

        Assert.True(EntityTag.IsValid(tag));
        Assert.True(EntityTag.StrongEquals(tag, tag));
    }

    // RFC 9110 §8.8.3: entity-tag = [ weak ] opaque-tag; weak = %s"W/"; opaque-tag = DQUOTE *etagc DQUOTE;
    // etagc = %x21 / %x23-7E / obs-text.
    [Theory]
    [InlineData("\"abc\"", true)]
    [InlineData("W/\"abc\"", true)]
    [InlineData("\"\"", true)]
    [InlineData("W/\"\"", true)]
    [InlineData("\"a,b\"", true)]
    [InlineData("\"!#~\"", true)]
    [InlineData("\"\u00e9\"", true)]
    [InlineData("abc", false)]
    [InlineData("\"abc", false)]
    [InlineData("abc\"", false)]
    [InlineData("w/\"abc\"", false)]
    [InlineData("W/abc", false)]
    [InlineData("W/ \"abc\"", false)]
    [InlineData("\"a b\"", false)]
    [InlineData("\"a\"b\"", false)]
    [InlineData("\"abc\" ", false)]
    [InlineData("\"\u0100\"", false)]
    [InlineData("", false)]
    [InlineData("W/", false)]
    [InlineData("*", false)]
    public void IsValid_Tag_ReturnsExpected(string tag, bool expected)
    {
        Assert.Equal(expected, EntityTag.IsValid(tag));
    }

    // RFC 9110 §8.8.3.2, the example table: strong comparison needs both strong and equal; weak
    // comparison only needs equal opaque-tags.
    [Theory]
    [InlineData("W/\"1\"", "W/\"1\"", false, true)]
    [InlineData("W/\"1\"", "W/\"2\"", false, false)]
    [InlineData("W/\"1\"", "\"1\"", false, true)]
    [InlineData("\"1\"", "\"1\"", true, true)]
    [InlineData("\"1\"", "\"2\"", false, false)]
    [InlineData("\"a\"", "\"A\"", false, false)]
    [InlineData("\"1\"", "1", false, false)]
    [InlineData("1", "1", false, false)]
    public void StrongEqualsAndWeakEquals_Rfc9110Table_ReturnExpected(string left, string right, bool strong, bool weak)
    {
        Assert.Equal(strong, EntityTag.StrongEquals(left, right));
        Assert.Equal(strong, EntityTag.StrongEquals(right, left));
        Assert.Equal(weak, EntityTag.WeakEquals(left, right));
        Assert.Equal(weak, EntityTag.WeakEquals(right, left));
    }

    // RFC 9110 §13.1.1-13.1.2 lists ("*" / #entity-tag), §5.6.1 empty elements, lenient skipping of
    // malformed members (documented on EntityTag).
    [Theory]
    [InlineData("", false, false, false)]
    [InlineData(" , ,", false, false, false)]
    [InlineData("garbage", false, false, false)]
    [InlineData("*", true, true, true)]
    [InlineData("*, \"x\"", true, true, true)]
    [InlineData("\"x\", *", true, true, true)]
    [InlineData("\"x\"", true, false, false)]
    [InlineData("\"1\"", true, true, true)]
    [InlineData("W/\"1\"", true, false, true)]
    [InlineData("\"x\",W/\"1\"", true, false, true)]
    [InlineData("\"a,1\"", true, false, false)]
    [InlineData("\"1\"junk", false, false, false)]
    [InlineData("\"1\"junk, \"1\"", true, true, true)]
    [InlineData("\"1", false, false, false)]
    public void ListMatches_OneLine_ReturnsExpected(string line, bool hasElement, bool strongMatch, bool weakMatch)
    {
        Assert.Equal(strongMatch, EntityTag.ListMatches(new StringValues(line), "\"1\"", strongComparison: true, out var strongHasElement));
        Assert.Equal(weakMatch, EntityTag.ListMatches(new StringValues(line), "\"1\"", strongComparison: false, out var weakHasElement));
        Assert.Equal(hasElement, strongHasElement);
        Assert.Equal(hasElement, weakHasElement);
    }

    [Fact]
    public void ListMatches_MatchOnSecondLine_ReturnsTrue()
    {
        var field = new StringValues(["\"a\", \"b\"", "\"c\", \"1\""]);

        Assert.True(EntityTag.ListMatches(field, "\"1\"", strongComparison: true, out var hasElement));
        Assert.True(hasElement);
    }

    [Fact]
    public void ListMatches_AbsentField_ReturnsFalseWithoutElement()
    {
        Assert.False(EntityTag.ListMatches(StringValues.Empty, "\"1\"", strongComparison: false, out var hasElement));
        Assert.False(hasElement);
    }

    [Fact]
    public void ListMatches_NoCurrentTag_OnlyWildcardMatches()
    {
        Assert.False(EntityTag.ListMatches(new StringValues("\"1\""), null, strongComparison: false, out var listHasElement));
        Assert.True(listHasElement);
        Assert.True(EntityTag.ListMatches(new StringValues("*"), null, strongComparison: true, out _));
    }
}
