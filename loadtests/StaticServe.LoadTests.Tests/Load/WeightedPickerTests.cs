using StaticServe.LoadTests.Corpus;
using StaticServe.LoadTests.Load;

namespace StaticServe.LoadTests.Tests.Load;

/// <summary>Tests that weighted picking follows the weights and never picks a zero-range neighbour.</summary>
public sealed class WeightedPickerTests
{
    [Fact]
    public void Next_WeightsOneAndThree_PicksInThatProportion()
    {
        var light = new CorpusFile("/light", [], 1);
        var heavy = new CorpusFile("/heavy", [], 3);
        var picker = new WeightedPicker([light, heavy]);
        var random = new Random(1);

        var heavyCount = Enumerable.Range(0, 40_000).Count(_ => picker.Next(random) == heavy);

        // 30,000 expected; 4 standard deviations (about 350) either side.
        Assert.InRange(heavyCount, 29_650, 30_350);
    }

    [Fact]
    public void Next_SingleFile_AlwaysReturnsIt()
    {
        var only = new CorpusFile("/only", [], 5);
        var picker = new WeightedPicker([only]);
        var random = new Random(3);

        Assert.All(Enumerable.Range(0, 100), _ => Assert.Same(only, picker.Next(random)));
    }
}
