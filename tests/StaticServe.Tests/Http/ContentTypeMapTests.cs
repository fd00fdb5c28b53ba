using StaticServe.Http;

namespace StaticServe.Tests.Http;

/// <summary>Tests for <see cref="ContentTypeMap"/>: the extension table, charset policy and lookup rules.</summary>
public sealed class ContentTypeMapTests
{
    private const string Utf8 = "; charset=utf-8";

    // RFC 9110 §8.3 Content-Type, §8.3.2 charset parameter; RFC 9239 (text/javascript), RFC 8081 (font/*).
    // Textual types carry charset=utf-8, binary types never do.
    [Theory]
    [InlineData("index.html", "text/html" + Utf8)]
    [InlineData("index.htm", "text/html" + Utf8)]
    [InlineData("page.xhtml", "application/xhtml+xml" + Utf8)]
    [InlineData("site.css", "text/css" + Utf8)]
    [InlineData("app.js", "text/javascript" + Utf8)]
    [InlineData("app.mjs", "text/javascript" + Utf8)]
    [InlineData("app.cjs", "text/javascript" + Utf8)]
    [InlineData("data.json", "application/json" + Utf8)]
    [InlineData("app.map", "application/json" + Utf8)]
    [InlineData("site.webmanifest", "application/manifest+json" + Utf8)]
    [InlineData("data.jsonld", "application/ld+json" + Utf8)]
    [InlineData("shapes.geojson", "application/geo+json" + Utf8)]
    [InlineData("feed.xml", "application/xml" + Utf8)]
    [InlineData("feed.rss", "application/rss+xml" + Utf8)]
    [InlineData("feed.atom", "application/atom+xml" + Utf8)]
    [InlineData("logo.svg", "image/svg+xml" + Utf8)]
    [InlineData("notes.txt", "text/plain" + Utf8)]
    [InlineData("README.md", "text/markdown" + Utf8)]
    [InlineData("table.csv", "text/csv" + Utf8)]
    [InlineData("table.tsv", "text/tab-separated-values" + Utf8)]
    [InlineData("event.ics", "text/calendar" + Utf8)]
    [InlineData("card.vcf", "text/vcard" + Utf8)]
    [InlineData("subs.vtt", "text/vtt" + Utf8)]
    [InlineData("subs.srt", "application/x-subrip" + Utf8)]
    [InlineData("config.yaml", "application/yaml" + Utf8)]
    [InlineData("config.yml", "application/yaml" + Utf8)]
    [InlineData("Cargo.toml", "application/toml" + Utf8)]
    [InlineData("stream.mpd", "application/dash+xml" + Utf8)]
    [InlineData("scene.gltf", "model/gltf+json" + Utf8)]
    [InlineData("scene.glb", "model/gltf-binary")]
    [InlineData("module.wasm", "application/wasm")]
    [InlineData("photo.avif", "image/avif")]
    [InlineData("photo.webp", "image/webp")]
    [InlineData("photo.png", "image/png")]
    [InlineData("anim.apng", "image/apng")]
    [InlineData("photo.jpg", "image/jpeg")]
    [InlineData("photo.jpeg", "image/jpeg")]
    [InlineData("anim.gif", "image/gif")]
    [InlineData("favicon.ico", "image/x-icon")]
    [InlineData("old.bmp", "image/bmp")]
    [InlineData("photo.jxl", "image/jxl")]
    [InlineData("scan.tiff", "image/tiff")]
    [InlineData("font.woff", "font/woff")]
    [InlineData("font.woff2", "font/woff2")]
    [InlineData("font.ttf", "font/ttf")]
    [InlineData("font.otf", "font/otf")]
    [InlineData("font.eot", "application/vnd.ms-fontobject")]
    [InlineData("movie.mp4", "video/mp4")]
    [InlineData("movie.webm", "video/webm")]
    [InlineData("sound.ogg", "audio/ogg")]
    [InlineData("movie.ogv", "video/ogg")]
    [InlineData("sound.oga", "audio/ogg")]
    [InlineData("sound.opus", "audio/ogg")]
    [InlineData("sound.mp3", "audio/mpeg")]
    [InlineData("sound.m4a", "audio/mp4")]
    [InlineData("sound.wav", "audio/wav")]
    [InlineData("sound.flac", "audio/flac")]
    [InlineData("movie.mov", "video/quicktime")]
    [InlineData("stream.m3u8", "application/vnd.apple.mpegurl")]
    [InlineData("segment.ts", "video/mp2t")]
    [InlineData("segment.m4s", "video/iso.segment")]
    [InlineData("bundle.zip", "application/zip")]
    [InlineData("bundle.gz", "application/gzip")]
    [InlineData("bundle.tgz", "application/gzip")]
    [InlineData("bundle.tar", "application/x-tar")]
    [InlineData("bundle.br", "application/x-brotli")]
    [InlineData("bundle.7z", "application/x-7z-compressed")]
    [InlineData("bundle.xz", "application/x-xz")]
    [InlineData("bundle.zst", "application/zstd")]
    [InlineData("bundle.bz2", "application/x-bzip2")]
    [InlineData("paper.pdf", "application/pdf")]
    [InlineData("book.epub", "application/epub+zip")]
    [InlineData("report.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document")]
    public void ForFileName_KnownExtension_ReturnsContentType(string fileName, string expected)
    {
        Assert.Equal(expected, ContentTypeMap.ForFileName(fileName));
    }

    // Only the last extension counts, case-insensitively; directories in a path do not.
    [Theory]
    [InlineData("INDEX.HTML", "text/html" + Utf8)]
    [InlineData("Photo.JpG", "image/jpeg")]
    [InlineData("app.js.map", "application/json" + Utf8)]
    [InlineData("archive.tar.gz", "application/gzip")]
    [InlineData("a.b.c.css", "text/css" + Utf8)]
    [InlineData("assets/app.css", "text/css" + Utf8)]
    [InlineData("/var/www/public/index.html", "text/html" + Utf8)]
    [InlineData("assets\\app.css", "text/css" + Utf8)]
    [InlineData("index.html.bak", ContentTypeMap.Default)]
    [InlineData("README", ContentTypeMap.Default)]
    [InlineData("Makefile", ContentTypeMap.Default)]
    [InlineData("file.", ContentTypeMap.Default)]
    [InlineData("", ContentTypeMap.Default)]
    [InlineData(".", ContentTypeMap.Default)]
    [InlineData(".bashrc", ContentTypeMap.Default)]
    [InlineData("dir.css/file", ContentTypeMap.Default)]
    [InlineData("file.unknownext", ContentTypeMap.Default)]
    [InlineData("file.exe", ContentTypeMap.Default)]
    [InlineData("file.js ", ContentTypeMap.Default)]
    public void ForFileName_NameShape_UsesLastExtensionOnly(string fileName, string expected)
    {
        Assert.Equal(expected, ContentTypeMap.ForFileName(fileName));
    }

    [Fact]
    public void ForFileName_SameTypeDifferentCase_ReturnsSameCachedInstance()
    {
        Assert.Same(ContentTypeMap.ForFileName("a.css"), ContentTypeMap.ForFileName("B.CSS"));
        Assert.Same(ContentTypeMap.ForFileName("a.js"), ContentTypeMap.ForFileName("b.mjs"));
    }

    // RFC 9110 §8.3.2: a charset belongs on textual types only. Every entry of the table is checked:
    // text/*, and JSON, XML, JavaScript, YAML, TOML and SubRip types carry utf-8; nothing else does,
    // except m3u8, which is UTF-8 by definition (RFC 8216 §4) and served bare.
    [Fact]
    public void ForFileName_EveryExtension_CharsetExactlyOnTextualTypes()
    {
        var extensions = ContentTypeMap.Extensions.ToArray();
        Assert.True(extensions.Length >= 100, $"table has {extensions.Length} entries");

        foreach (var extension in extensions)
        {
            var contentType = ContentTypeMap.ForFileName("file." + extension);
            var mediaType = contentType.Split(';')[0];
            var textual = mediaType.StartsWith("text/", StringComparison.Ordinal)
                || mediaType.EndsWith("json", StringComparison.Ordinal)
                || mediaType.EndsWith("+xml", StringComparison.Ordinal)
                || mediaType is "application/xml" or "application/yaml" or "application/toml" or "application/x-subrip";
            Assert.True(textual == contentType.EndsWith(Utf8, StringComparison.Ordinal), $".{extension} → {contentType}");
            Assert.True(textual || !contentType.Contains("charset", StringComparison.Ordinal), $".{extension} → {contentType}");
        }
    }

    [Theory]
    [InlineData("text/html; charset=utf-8", true)]
    [InlineData("text/html", true)]
    [InlineData("TEXT/HTML", true)]
    [InlineData("text/html;charset=utf-8", true)]
    [InlineData("text/htmlx", false)]
    [InlineData("text/plain; charset=utf-8", false)]
    [InlineData("application/xhtml+xml; charset=utf-8", false)]
    [InlineData("", false)]
    public void IsHtml_ContentType_ReturnsExpected(string contentType, bool expected)
    {
        Assert.Equal(expected, ContentTypeMap.IsHtml(contentType));
    }

    [Fact]
    public void IsHtml_ForHtmlFile_ReturnsTrue()
    {
        Assert.True(ContentTypeMap.IsHtml(ContentTypeMap.ForFileName("index.html")));
        Assert.False(ContentTypeMap.IsHtml(ContentTypeMap.ForFileName("app.js")));
    }
}
