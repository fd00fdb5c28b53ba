using StaticServe.FunctionalTests.Infrastructure;

namespace StaticServe.FunctionalTests.Serving;

/// <summary>The served root as a symlink a deploy switches (current -> release), the usual atomic deploy.</summary>
public sealed class SymlinkedRootTests
{
    [Fact]
    public async Task SwitchingTheRootSymlink_ServesTheNewRelease()
    {
        await using var server = await TestServer.StartAsync(
            root =>
            {
                Directory.CreateDirectory(Path.Combine(root, "rel1"));
                Directory.CreateDirectory(Path.Combine(root, "rel2"));
                File.WriteAllText(Path.Combine(root, "rel1", "index.html"), "one");
                File.WriteAllText(Path.Combine(root, "rel2", "index.html"), "two");
                File.WriteAllText(Path.Combine(root, "rel2", "new.txt"), "only in two");
                Directory.CreateSymbolicLink(Path.Combine(root, "current"), Path.Combine(root, "rel1"));
            },
            o => o with { Root = Path.Combine(o.Root, "current"), RevalidateMs = 0 });
        var top = Path.GetDirectoryName(server.Host.Options.Root)!;
        Assert.Equal("one", (await server.GetRawAsync("/")).Text);

        var next = Path.Combine(top, "current.tmp");
        Directory.CreateSymbolicLink(next, Path.Combine(top, "rel2"));
        // rename(2) over the old link, as `ln -sfn` + `mv -T` deploys do (File.Move refuses links to folders).
        using (var mv = System.Diagnostics.Process.Start("mv", ["-T", next, Path.Combine(top, "current")]))
        {
            await mv.WaitForExitAsync();
            Assert.Equal(0, mv.ExitCode);
        }

        Assert.Equal("two", (await server.GetRawAsync("/")).Text);
        Assert.Equal("only in two", (await server.GetRawAsync("/new.txt")).Text);
    }
}
