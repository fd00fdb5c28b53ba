using System.Text;
using StaticServe.FunctionalTests.Infrastructure;

namespace StaticServe.FunctionalTests.Serving;

/// <summary>
/// Request targets as sent on the wire (raw sockets, so nothing is normalised on the way): names that
/// must be reachable, and hostile paths that must never reach a file outside the root (400 or 404,
/// never 500, never the secret).
/// </summary>
public sealed class PathSafetyTests
{
    private const string Secret = "TOP-SECRET-OUTSIDE-ROOT";

    private static async Task<(TestServer Server, string Outside)> StartAsync(Func<StaticServe.Configuration.ServerOptions, StaticServe.Configuration.ServerOptions>? configure = null)
    {
        // The served root is <tmp>/site; the secret sits next to it, one level up.
        var outside = Directory.CreateTempSubdirectory("staticserve-outside-").FullName;
        File.WriteAllText(Path.Combine(outside, "secret.txt"), Secret);
        var server = await TestServer.StartAsync(
            root =>
            {
                File.WriteAllText(Path.Combine(root, "a b.txt"), "space");
                File.WriteAllText(Path.Combine(root, "100%.txt"), "percent");
                File.WriteAllText(Path.Combine(root, "c#.txt"), "hash");
                File.WriteAllText(Path.Combine(root, "a+b.txt"), "plus");
                File.WriteAllText(Path.Combine(root, "ümlaut-日本.txt"), "unicode");
                File.WriteAllText(Path.Combine(root, "%2e%2e.txt"), "literal-escape-name");
                File.WriteAllText(Path.Combine(root, ".env"), "dotfile");
                Directory.CreateDirectory(Path.Combine(root, ".git"));
                File.WriteAllText(Path.Combine(root, ".git", "config"), "dotfolder");
                Directory.CreateDirectory(Path.Combine(root, ".well-known"));
                File.WriteAllText(Path.Combine(root, ".well-known", "security.txt"), "wellknown");
                File.CreateSymbolicLink(Path.Combine(root, "leak.txt"), Path.Combine(outside, "secret.txt"));
                Directory.CreateSymbolicLink(Path.Combine(root, "leakdir"), outside);
                File.WriteAllText(Path.Combine(root, "real.txt"), "real");
                File.CreateSymbolicLink(Path.Combine(root, "inside-link.txt"), Path.Combine(root, "real.txt"));
            },
            configure);
        return (server, outside);
    }

    [Theory]
    [InlineData("/a%20b.txt", "space")]
    [InlineData("/100%25.txt", "percent")]
    [InlineData("/c%23.txt", "hash")]
    [InlineData("/a+b.txt", "plus")]
    [InlineData("/a%2Bb.txt", "plus")]
    [InlineData("/%C3%BCmlaut-%E6%97%A5%E6%9C%AC.txt", "unicode")]
    [InlineData("/a%20b.txt?x=1&y=../../etc/passwd", "space")]
    [InlineData("//a%20b.txt", "space")]
    [InlineData("/%252e%252e.txt", "literal-escape-name")]
    [InlineData("/.well-known/security.txt", "wellknown")]
    [InlineData("/inside-link.txt", "real")]
    public async Task ReachableNames_AreServed(string target, string expected)
    {
        var (server, outside) = await StartAsync();
        await using (server)
        {
            var response = await server.GetRawAsync(target);
            Assert.Equal(200, response.Status);
            Assert.Equal(expected, response.Text);
        }

        Directory.Delete(outside, true);
    }

    [Theory]
    [InlineData("/../secret.txt")]
    [InlineData("/..%2fsecret.txt")]
    [InlineData("/%2e%2e/secret.txt")]
    [InlineData("/%2E%2E/secret.txt")]
    [InlineData("/.%2e/secret.txt")]
    [InlineData("/a/../../secret.txt")]
    [InlineData("/%2e%2e%2fsecret.txt")]
    [InlineData("/..%5csecret.txt")]
    [InlineData("/%5c..%5csecret.txt")]
    [InlineData("/..\\secret.txt")]
    [InlineData("/a.txt%00.html")]
    [InlineData("/%00")]
    [InlineData("/%252e%252e/secret.txt")]
    [InlineData("/%C0%AE%C0%AE/secret.txt")]
    [InlineData("/%ff")]
    [InlineData("/%zz")]
    [InlineData("/%")]
    [InlineData("/./a%20b.txt")]
    [InlineData("/leak.txt")]
    [InlineData("/leakdir/secret.txt")]
    [InlineData("/.env")]
    [InlineData("/.git/config")]
    [InlineData("/%2eenv")]
    [InlineData("/%2egit/config")]
    [InlineData("/a%2fb")]
    public async Task HostilePaths_NeverLeakAndNeverFail(string target)
    {
        var (server, outside) = await StartAsync();
        await using (server)
        {
            var response = await server.GetRawAsync(target);
            Assert.True(response.Status is 400 or 404, $"{target} answered {response.Status}");
            Assert.DoesNotContain(Secret, response.Text);
            Assert.DoesNotContain("dotfile", response.Text);
            Assert.DoesNotContain("dotfolder", response.Text);
        }

        Directory.Delete(outside, true);
    }

    [Theory]
    [InlineData("/leakdir")]
    [InlineData("/leakdir/")]
    [InlineData("/leakdir/sub")]
    [InlineData("/leakdir/sub/")]
    [InlineData("/leakdir/no-such-dir")]
    [InlineData("/.git")]
    public async Task DirectoriesOutsideTheRootOrHidden_AnswerLikeAbsentOnes_NoRedirect(string target)
    {
        // A 301 for an existing directory and a 404 for a missing one would map the tree behind a link.
        var (server, outside) = await StartAsync();
        Directory.CreateDirectory(Path.Combine(outside, "sub"));
        await using (server)
        {
            var response = await server.GetRawAsync(target);
            Assert.Equal(404, response.Status);
            Assert.Null(response.Header("Location"));
            Assert.Equal("404 Not Found\n", response.Text);
        }

        Directory.Delete(outside, true);
    }

    [Fact]
    public async Task Dotfiles_Allow_ServesThem()
    {
        var (server, outside) = await StartAsync(o => o with { Dotfiles = StaticServe.Configuration.DotfilesPolicy.Allow });
        await using (server)
        {
            Assert.Equal("dotfile", (await server.GetRawAsync("/.env")).Text);
            Assert.Equal("dotfolder", (await server.GetRawAsync("/.git/config")).Text);

            // Allowing dotfiles never allows leaving the root.
            Assert.Equal(404, (await server.GetRawAsync("/leak.txt")).Status);
        }

        Directory.Delete(outside, true);
    }

    [Fact]
    public async Task LongUrl_Answers414Or404NeverA500()
    {
        var (server, outside) = await StartAsync();
        await using (server)
        {
            foreach (var length in new[] { 4000, 8200, 20000 })
            {
                var response = await server.GetRawAsync("/" + new string('a', length));
                Assert.True(response.Status is 414 or 404 or 431 or 400, $"length {length}: {response.Status}");
            }
        }

        Directory.Delete(outside, true);
    }

    [Fact]
    public async Task RandomTargets_NeverReadOutsideRootOrFail()
    {
        // A property check: random mixes of the tricky pieces never yield a 5xx or the secret.
        var pieces = new[] { "..", ".", "%2e", "%2E", "%2f", "%5c", "\\", "/", "%00", "%25", "secret.txt", "leakdir", "a", "%c0%ae", "%", "+", "//", ";", "%3b" };
        var random = new Random(1234);
        var (server, outside) = await StartAsync();
        await using (server)
        {
            for (var i = 0; i < 200; i++)
            {
                var sb = new StringBuilder("/");
                var count = random.Next(1, 8);
                for (var j = 0; j < count; j++)
                {
                    sb.Append(pieces[random.Next(pieces.Length)]);
                }

                var response = await server.GetRawAsync(sb.ToString());
                Assert.True(response.Status < 500, $"{sb} answered {response.Status}");
                Assert.DoesNotContain(Secret, response.Text);
            }
        }

        Directory.Delete(outside, true);
    }
}
