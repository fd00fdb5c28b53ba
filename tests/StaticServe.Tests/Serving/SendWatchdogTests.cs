using Microsoft.AspNetCore.Http;
using StaticServe.Serving;

namespace StaticServe.Tests.Serving;

public sealed class SendWatchdogTests
{
    [Fact]
    public void Check_AbortsOnlyResponsesIdleLongerThanTheTimeout_AndForgetsThem()
    {
        using var watchdog = new SendWatchdog(TimeSpan.FromHours(1)); // the timer never fires here
        var idle = new DefaultHttpContext();
        var busy = new DefaultHttpContext();
        var aborted = new List<HttpContext>();
        idle.RequestAborted.Register(() => aborted.Add(idle));
        using var idleWatch = watchdog.Start(idle);
        using var busyWatch = watchdog.Start(busy);
        var now = Environment.TickCount64;
        idleWatch.LastProgressMs = now - 3_600_001;
        busyWatch.LastProgressMs = now;

        watchdog.Check(now);

        Assert.Equal(1, watchdog.Dropped);
        Assert.Equal(1, watchdog.Count);
        watchdog.Check(now); // already dropped: not counted twice
        Assert.Equal(1, watchdog.Dropped);
    }

    [Fact]
    public void DisposedWatch_IsNoLongerWatched()
    {
        using var watchdog = new SendWatchdog(TimeSpan.FromHours(1));
        var watch = watchdog.Start(new DefaultHttpContext());
        Assert.Equal(1, watchdog.Count);
        watch.Dispose();
        Assert.Equal(0, watchdog.Count);
        watchdog.Check(Environment.TickCount64 + 10_000_000);
        Assert.Equal(0, watchdog.Dropped);
    }
}
