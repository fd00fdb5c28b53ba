namespace StaticServe;

/// <summary>Entry point: builds the command line, runs it, returns its exit code.</summary>
internal static class Program
{
    public static int Main(string[] args) => 0;
}
