using StaticServe.FunctionalTests.Infrastructure;

namespace StaticServe.FunctionalTests.Serving;

/// <summary>
/// A file swapped between a regular file and a symlink out of the root while clients request it
/// (the check-then-open race): the outside file must never be sent, neither during the race nor
/// from a cache afterwards.
/// </summary>
public sealed class SymlinkRaceTests
{
    private const string Secret = "TOP-SECRET-OUTSIDE-ROOT";
    private const string Public = "public-content-inside";

    [Theory]
    [InlineData(false)] // small file: the cache path
    [InlineData(true)] // cache off: the streaming path and the open-file cache
    public async Task SwappingAFileForAnOutsideSymlink_NeverServesTheOutsideFile(bool cacheOff)
    {
        var outside = Directory.CreateTempSubdirectory("staticserve-race-outside-").FullName;
        var secret = Path.Combine(outside, "secret.txt");
        File.WriteAllText(secret, Secret);
        await using var server = await TestServer.StartAsync(
            root => File.WriteAllText(Path.Combine(root, "race.txt"), Public),
            o => cacheOff ? o with { CacheBytes = 0 } : o);
        var target = Path.Combine(server.Root, "race.txt");

        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(3));
        var swapper = Task.Run(() =>
        {
            var i = 0;
            while (!stop.IsCancellationRequested)
            {
                var link = Path.Combine(server.Root, $"link{i}.tmp");
                File.CreateSymbolicLink(link, secret);
                File.Move(link, target, overwrite: true);
                var file = Path.Combine(server.Root, $"file{i}.tmp");
                File.WriteAllText(file, Public);
                File.Move(file, target, overwrite: true);
                i++;
            }
        });
        var leaks = 0;
        var served = 0;
        var clients = Enumerable.Range(0, 4).Select(_ => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                using var response = await server.Client.GetAsync("/race.txt");
                var body = await response.Content.ReadAsStringAsync();
                if (body.Contains(Secret, StringComparison.Ordinal))
                {
                    Interlocked.Increment(ref leaks);
                }
                else if ((int)response.StatusCode == 200)
                {
                    Assert.Equal(Public, body);
                    Interlocked.Increment(ref served);
                }
            }
        })).ToArray();
        await Task.WhenAll(clients.Append(swapper));

        // Left as a link out of the root: once the revalidation window has passed, it is a 404.
        var last = Path.Combine(server.Root, "last.tmp");
        File.CreateSymbolicLink(last, secret);
        File.Move(last, target, overwrite: true);
        await Task.Delay(1200);
        var after = await server.GetRawAsync("/race.txt");

        Assert.Equal(0, leaks);
        Assert.True(served > 0, "no request was served the inside file");
        Assert.Equal(404, after.Status);
        Assert.DoesNotContain(Secret, after.Text);
        Directory.Delete(outside, true);
    }
}
