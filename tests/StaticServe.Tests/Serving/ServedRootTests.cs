using StaticServe.Serving;

namespace StaticServe.Tests.Serving;

/// <summary>The dotfiles rule: hidden segments anywhere, except a leading `.well-known` (RFC 8615).</summary>
public sealed class ServedRootTests
{
    [Theory]
    [InlineData("/.env", true)]
    [InlineData("/.git/config", true)]
    [InlineData("/a/.hidden/b", true)]
    [InlineData("/a/.htaccess", true)]
    [InlineData("/.well-known/security.txt", false)]
    [InlineData("/a/.well-known/x", true)]
    [InlineData("/.well-knownx/x", true)]
    [InlineData("/index.html", false)]
    [InlineData("/a.b/c.d", false)]
    [InlineData("/", false)]
    public void HasHiddenSegment_Table(string path, bool hidden) =>
        Assert.Equal(hidden, ServedRoot.HasHiddenSegment(path));
}
