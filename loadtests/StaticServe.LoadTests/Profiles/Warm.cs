using StaticServe.LoadTests.Corpus;
using StaticServe.LoadTests.Load;

namespace StaticServe.LoadTests.Profiles;

/// <summary>Owns filling the server's cache before a profile: one verified GET of every file in a set.</summary>
internal static class Warm
{
    public static async Task TouchAllAsync(
        ProfileContext context, IEnumerable<CorpusFile> files, CancellationToken cancellationToken)
    {
        var worker = new WorkerContext(context, -1);
        foreach (var file in files)
        {
            var outcome = await ResponseVerifier.GetWholeFileAsync(worker, file, cancellationToken);
            if (outcome.Kind != OutcomeKind.Ok)
            {
                throw new InvalidOperationException($"prepare: {outcome.Error}");
            }
        }
    }
}
