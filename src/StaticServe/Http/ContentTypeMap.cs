using System.Collections.Frozen;

namespace StaticServe.Http;

/// <summary>
/// Maps a file name's last extension to its Content-Type (RFC 9110 §8.3), with <c>charset=utf-8</c> on
/// textual types and never on binary ones. Lookups are case-insensitive and return cached strings.
/// </summary>
/// <remarks>
/// The table follows nginx's <c>mime.types</c> and static-web-server, updated to what browsers need today:
/// <c>text/javascript</c> for scripts (RFC 9239), <c>font/*</c> for fonts (RFC 8081), the image formats
/// browsers decode (AVIF, WebP, APNG, JPEG XL), media and streaming manifests, archives, documents and
/// the common textual data formats. <c>.ts</c> is MPEG transport stream (HLS segments), not TypeScript,
/// as in nginx. <c>.m3u8</c> carries no charset: the format is UTF-8 by definition (RFC 8216 §4) and HLS
/// players are served it bare by nginx and Apple's tools. Compressed variants that need a
/// Content-Encoding to be usable (<c>.svgz</c>) are left out rather than served with a misleading type.
/// </remarks>
internal static class ContentTypeMap
{
    /// <summary>The type for unknown or missing extensions (RFC 9110 §8.3: the recipient may sniff or treat it as data).</summary>
    public const string Default = "application/octet-stream";

    /// <summary>Appended to every textual type: our files are served as UTF-8 and browsers otherwise guess.</summary>
    private const string Utf8 = "; charset=utf-8";

    private const string HtmlMediaType = "text/html";

    private static readonly FrozenDictionary<string, string> Types = BuildTable();

    private static readonly FrozenDictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> TypesBySpan =
        Types.GetAlternateLookup<ReadOnlySpan<char>>();

    /// <summary>
    /// Content-Type for <paramref name="fileName"/> (a name or a path), by its last extension only
    /// (<c>app.js.map</c> → JSON, <c>archive.tar.gz</c> → gzip), case-insensitive; <see cref="Default"/> when
    /// unknown or absent. Returns a cached instance; allocates nothing.
    /// </summary>
    public static string ForFileName(ReadOnlySpan<char> fileName)
    {
        var dot = fileName.LastIndexOf('.');
        if (dot < 0 || dot == fileName.Length - 1)
        {
            return Default;
        }

        // A separator after the last dot means the dot was in a directory name ("dir.d/file").
        var extension = fileName[(dot + 1)..];
        if (extension.ContainsAny('/', '\\'))
        {
            return Default;
        }

        return TypesBySpan.TryGetValue(extension, out var contentType) ? contentType : Default;
    }

    /// <summary>True for <c>text/html</c> with or without parameters (HTML gets the no-cache default).</summary>
    public static bool IsHtml(string contentType)
    {
        var span = contentType.AsSpan().TrimStart(" \t");
        return span.StartsWith(HtmlMediaType, StringComparison.OrdinalIgnoreCase)
            && (span.Length == HtmlMediaType.Length || span[HtmlMediaType.Length] is ';' or ' ' or '\t');
    }

    /// <summary>Every extension this map knows, for tests and diagnostics.</summary>
    internal static IEnumerable<string> Extensions => Types.Keys;

    private static FrozenDictionary<string, string> BuildTable()
    {
        var table = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

        void Text(string mediaType, params string[] extensions) => Add(mediaType + Utf8, extensions);
        void Binary(string mediaType, params string[] extensions) => Add(mediaType, extensions);
        void Add(string contentType, string[] extensions)
        {
            foreach (var extension in extensions)
            {
                table.Add(extension, contentType);
            }
        }

        // Web documents, styles, scripts and their companions.
        Text("text/html", "html", "htm", "shtml");
        Text("application/xhtml+xml", "xhtml", "xht");
        Text("text/css", "css");
        Text("text/javascript", "js", "mjs", "cjs");
        Text("application/json", "json", "map");
        Text("application/manifest+json", "webmanifest");
        Text("application/ld+json", "jsonld");
        Text("application/geo+json", "geojson");
        Text("application/xml", "xml", "xsl", "xsd");
        Text("application/rss+xml", "rss");
        Text("application/atom+xml", "atom");
        Text("image/svg+xml", "svg");

        // Plain text and data formats.
        Text("text/plain", "txt", "text", "log", "conf", "ini");
        Text("text/markdown", "md", "markdown");
        Text("text/csv", "csv");
        Text("text/tab-separated-values", "tsv");
        Text("text/calendar", "ics");
        Text("text/vcard", "vcf");
        Text("text/vtt", "vtt");
        Text("application/x-subrip", "srt");
        Text("application/yaml", "yaml", "yml");
        Text("application/toml", "toml");
        Text("application/dash+xml", "mpd");
        Text("model/gltf+json", "gltf");

        // Images.
        Binary("image/avif", "avif");
        Binary("image/webp", "webp");
        Binary("image/png", "png");
        Binary("image/apng", "apng");
        Binary("image/jpeg", "jpg", "jpeg", "jfif", "pjpeg", "pjp");
        Binary("image/gif", "gif");
        Binary("image/x-icon", "ico", "cur");
        Binary("image/bmp", "bmp");
        Binary("image/jxl", "jxl");
        Binary("image/tiff", "tif", "tiff");
        Binary("image/heic", "heic");
        Binary("image/heif", "heif");

        // Fonts (RFC 8081).
        Binary("font/woff", "woff");
        Binary("font/woff2", "woff2");
        Binary("font/ttf", "ttf");
        Binary("font/otf", "otf");
        Binary("font/collection", "ttc");
        Binary("application/vnd.ms-fontobject", "eot");

        // Audio and video.
        Binary("video/mp4", "mp4", "m4v");
        Binary("video/webm", "webm");
        Binary("video/ogg", "ogv");
        Binary("video/quicktime", "mov");
        Binary("video/x-matroska", "mkv");
        Binary("video/x-msvideo", "avi");
        Binary("video/mp2t", "ts");
        Binary("video/iso.segment", "m4s");
        Binary("video/3gpp", "3gp");
        Binary("audio/ogg", "ogg", "oga", "opus");
        Binary("audio/mpeg", "mp3");
        Binary("audio/mp4", "m4a");
        Binary("audio/aac", "aac");
        Binary("audio/wav", "wav");
        Binary("audio/flac", "flac");
        Binary("audio/webm", "weba");
        Binary("audio/midi", "mid", "midi");
        Binary("application/vnd.apple.mpegurl", "m3u8");

        // Archives and compressed files.
        Binary("application/zip", "zip");
        Binary("application/gzip", "gz", "tgz");
        Binary("application/x-tar", "tar");
        Binary("application/x-brotli", "br");
        Binary("application/x-7z-compressed", "7z");
        Binary("application/x-xz", "xz");
        Binary("application/zstd", "zst");
        Binary("application/x-bzip2", "bz2");
        Binary("application/vnd.rar", "rar");

        // Documents, packages and other binaries.
        Binary("application/pdf", "pdf");
        Binary("application/epub+zip", "epub");
        Binary("application/rtf", "rtf");
        Binary("application/msword", "doc");
        Binary("application/vnd.openxmlformats-officedocument.wordprocessingml.document", "docx");
        Binary("application/vnd.ms-excel", "xls");
        Binary("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx");
        Binary("application/vnd.ms-powerpoint", "ppt");
        Binary("application/vnd.openxmlformats-officedocument.presentationml.presentation", "pptx");
        Binary("application/vnd.oasis.opendocument.text", "odt");
        Binary("application/vnd.oasis.opendocument.spreadsheet", "ods");
        Binary("application/vnd.oasis.opendocument.presentation", "odp");
        Binary("application/wasm", "wasm");
        Binary("model/gltf-binary", "glb");
        Binary("application/java-archive", "jar");
        Binary("application/vnd.android.package-archive", "apk");

        return table.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);
    }
}
