namespace StaticServe.LoadTests.Corpus;

/// <summary>Owns the choice of generator for a file: text-like or binary bytes.</summary>
internal enum CorpusKind
{
    Text,
    Binary,
}
