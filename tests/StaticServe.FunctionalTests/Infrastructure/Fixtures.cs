using System.Text;

namespace StaticServe.FunctionalTests.Infrastructure;

/// <summary>Known file contents that keep expectations readable.</summary>
internal static class Fixtures
{
    /// <summary>62 bytes, `0-9a-zA-Z`: byte n is easy to name, so range expectations read as text.</summary>
    public const string Alphabet = "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";

    public static byte[] AlphabetBytes => Encoding.ASCII.GetBytes(Alphabet);

    /// <summary>Deterministic pseudo-random bytes (a fixed-seed generator), for larger files.</summary>
    public static byte[] Random(int length, int seed = 42)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }
}
