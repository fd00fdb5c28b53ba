using StaticServe.LoadTests.Corpus;

namespace StaticServe.LoadTests.Load;

/// <summary>Owns picking a file from a set in proportion to its weight, without allocating.</summary>
internal sealed class WeightedPicker
{
    private readonly CorpusFile[] _files;
    private readonly int[] _cumulative;

    public WeightedPicker(IReadOnlyList<CorpusFile> files)
    {
        _files = [.. files];
        _cumulative = new int[_files.Length];
        var total = 0;
        for (var i = 0; i < _files.Length; i++)
        {
            total += _files[i].Weight;
            _cumulative[i] = total;
        }
    }

    public IReadOnlyList<CorpusFile> Files => _files;

    public CorpusFile Next(Random random)
    {
        var ticket = random.Next(_cumulative[^1]);
        var index = Array.BinarySearch(_cumulative, ticket + 1);
        return _files[index >= 0 ? index : ~index];
    }
}
