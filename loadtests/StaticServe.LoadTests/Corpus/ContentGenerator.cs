using System.Text;

namespace StaticServe.LoadTests.Corpus;

/// <summary>Owns the deterministic byte generators: the same name and version always give the same bytes.</summary>
internal static class ContentGenerator
{
    /// <summary>FNV-1a 64-bit offset basis and prime: a stable, dependency-free string hash for seeds.</summary>
    private const ulong FnvOffset = 14695981039346656037UL;
    private const ulong FnvPrime = 1099511628211UL;

    /// <summary>80 characters per line: text files look like text (and compress like text).</summary>
    private const int TextLineLength = 80;

    private static readonly byte[] TextAlphabet =
        Encoding.ASCII.GetBytes("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 {};:");

    /// <summary>A seed derived from a file name and a version number.</summary>
    public static ulong Seed(string name, int version)
    {
        var hash = FnvOffset;
        foreach (var c in name)
        {
            hash = (hash ^ c) * FnvPrime;
        }

        return (hash ^ (ulong)version) * FnvPrime;
    }

    /// <summary>Pseudo-random bytes (images, fonts, opaque blobs).</summary>
    public static void FillBinary(ulong seed, Span<byte> destination)
    {
        var state = seed | 1UL;
        var i = 0;
        for (; i + sizeof(ulong) <= destination.Length; i += sizeof(ulong))
        {
            BitConverter.TryWriteBytes(destination[i..], Next(ref state));
        }

        var tail = Next(ref state);
        for (; i < destination.Length; i++)
        {
            destination[i] = (byte)tail;
            tail >>= 8;
        }
    }

    /// <summary>Printable ASCII in lines (html, css, js, json, svg stand-ins).</summary>
    public static void FillText(ulong seed, Span<byte> destination)
    {
        var state = seed | 1UL;
        for (var i = 0; i < destination.Length; i++)
        {
            destination[i] = (i + 1) % TextLineLength == 0
                ? (byte)'\n'
                : TextAlphabet[(int)(Next(ref state) % (ulong)TextAlphabet.Length)];
        }
    }

    /// <summary>xorshift64*: fast, good enough to make every file and every version distinct.</summary>
    private static ulong Next(ref ulong state)
    {
        state ^= state >> 12;
        state ^= state << 25;
        state ^= state >> 27;
        return state * 2685821657736338717UL;
    }
}
