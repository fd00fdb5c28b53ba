namespace StaticServe.Configuration;

/// <summary>What happens to paths with a segment that starts with a dot (`.git`, `.env`).</summary>
internal enum DotfilesPolicy
{
    /// <summary>Answer 404 as if the file did not exist (default; `.well-known` is still served).</summary>
    Ignore,

    /// <summary>Serve dotfiles like any other file.</summary>
    Allow,
}
