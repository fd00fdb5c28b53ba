namespace StaticServe.Tests.Configuration;

/// <summary>A fresh, uniquely named folder under the temp directory, deleted on dispose.</summary>
internal sealed class TempFolder : IDisposable
{
    public TempFolder()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "staticserve-tests-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    /// <summary>Absolute path without a trailing separator.</summary>
    public string Path { get; }

    /// <summary>Creates a file in the folder and returns its absolute path.</summary>
    public string CreateFile(string name)
    {
        string file = System.IO.Path.Combine(Path, name);
        File.WriteAllText(file, "x");
        return file;
    }

    public void Dispose() => Directory.Delete(Path, recursive: true);
}
