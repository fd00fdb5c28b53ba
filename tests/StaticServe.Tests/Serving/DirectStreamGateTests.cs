using StaticServe.Serving;

namespace StaticServe.Tests.Serving;

public sealed class DirectStreamGateTests
{
    [Fact]
    public void TryEnter_GrantsUpToTheLimit_ThenRefuses_AndExitFreesASlot()
    {
        var gate = new DirectStreamGate(2);
        Assert.True(gate.TryEnter());
        Assert.True(gate.TryEnter());
        Assert.False(gate.TryEnter());
        Assert.Equal(2, gate.Active);
        gate.Exit();
        Assert.True(gate.TryEnter());
        Assert.False(gate.TryEnter());
    }

    [Fact]
    public void LimitZero_NeverGrants()
    {
        var gate = new DirectStreamGate(0);
        Assert.False(gate.TryEnter());
        Assert.Equal(0, gate.Active);
    }

    [Fact]
    public void DefaultLimit_IsTheSharedArrayPoolsRetention()
    {
        Assert.Equal(32 * Environment.ProcessorCount, DirectStreamGate.DefaultLimit);
    }

    [Fact]
    public async Task ManyThreads_NeverExceedTheLimit_AndEndAtZero()
    {
        const int Limit = 3;
        var gate = new DirectStreamGate(Limit);
        var maxSeen = 0;
        var inside = 0; // holders counted by the test itself: Active may briefly count a refused attempt
        using var start = new ManualResetEventSlim();
        var workers = Enumerable.Range(0, 8).Select(_ => Task.Run(() =>
        {
            start.Wait();
            for (var i = 0; i < 20_000; i++)
            {
                if (gate.TryEnter())
                {
                    InterlockedMax(ref maxSeen, Interlocked.Increment(ref inside));
                    Interlocked.Decrement(ref inside);
                    gate.Exit();
                }
            }
        })).ToArray();
        start.Set();
        await Task.WhenAll(workers);
        Assert.InRange(maxSeen, 1, Limit);
        Assert.Equal(0, gate.Active);
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int current;
        while (value > (current = Volatile.Read(ref target)) && Interlocked.CompareExchange(ref target, value, current) != current)
        {
        }
    }
}
