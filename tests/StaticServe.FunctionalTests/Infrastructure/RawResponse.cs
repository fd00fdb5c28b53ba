namespace StaticServe.FunctionalTests.Infrastructure;

/// <summary>A response exactly as it came off the socket: status line, header fields in order, body bytes.</summary>
internal sealed record RawResponse(string Version, int Status, IReadOnlyList<KeyValuePair<string, string>> Headers, byte[] Body)
{
    /// <summary>The value of a header field, or null; fails if the field appears more than once.</summary>
    public string? Header(string name)
    {
        var values = Headers.Where(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Select(h => h.Value).ToList();
        Assert.True(values.Count <= 1, $"header {name} appears {values.Count} times");
        return values.Count == 0 ? null : values[0];
    }

    public bool Has(string name) => Headers.Any(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase));

    public string Text => System.Text.Encoding.UTF8.GetString(Body);
}
