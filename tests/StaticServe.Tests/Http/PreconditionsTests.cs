using Microsoft.Extensions.Primitives;
using StaticServe.Http;

namespace StaticServe.Tests.Http;

/// <summary>Table tests for <see cref="Preconditions"/>: §13.2.2 evaluation order and §13.1.5 If-Range.</summary>
public sealed class PreconditionsTests
{
    private const string ETag = "\"3e-17a\"";

    /// <summary>The representation's Last-Modified, whole seconds.</summary>
    private const string Same = "Sun, 06 Nov 1994 08:49:37 GMT";

    private const string Earlier = "Sun, 06 Nov 1994 08:49:36 GMT";

    private const string Later = "Sun, 06 Nov 1994 08:49:38 GMT";

    private const string SameRfc850 = "Sunday, 06-Nov-94 08:49:37 GMT";

    private const string SameAsctime = "Sun Nov  6 08:49:37 1994";

    private const string EarlierAsctime = "Sun Nov  6 08:49:36 1994";

    /// <summary>Separates header lines in the tables (a line break cannot occur inside a field value).</summary>
    private const char LineBreak = '\n';

    private const PreconditionOutcome Proceed = PreconditionOutcome.Proceed;
    private const PreconditionOutcome NotModified = PreconditionOutcome.NotModified;
    private const PreconditionOutcome Failed = PreconditionOutcome.PreconditionFailed;

    // Expected outcomes arrive as object: the enum is internal and xunit needs public test methods.
    private static readonly DateTimeOffset LastModified = new(1994, 11, 6, 8, 49, 37, TimeSpan.Zero);

    // RFC 9110 §13.1.1 If-Match: strong comparison (§8.8.3.2), "*" matches any current representation,
    // a list matches when any member matches, several lines form one list (§5.3); false → 412.
    // Lenient list parsing: malformed members are skipped; a field with no well-formed member is absent.
    [Theory]
    [InlineData(ETag, true, Proceed)]
    [InlineData("\"other\"", true, Failed)]
    [InlineData("*", true, Proceed)]
    [InlineData(" * ", true, Proceed)]
    [InlineData("*", false, Proceed)]
    [InlineData(ETag, false, Failed)]
    [InlineData("W/" + ETag, true, Failed)]
    [InlineData("\"a\", " + ETag, true, Proceed)]
    [InlineData("\"a\"," + ETag + ",\"b\"", true, Proceed)]
    [InlineData("\"a\", \"b\"", true, Failed)]
    [InlineData("\"a\"\n" + ETag, true, Proceed)]
    [InlineData("\"a\"\n\"b\"", true, Failed)]
    [InlineData(" " + ETag + " ", true, Proceed)]
    [InlineData(", ," + ETag + ",", true, Proceed)]
    [InlineData("\"3E-17A\"", true, Failed)]
    [InlineData("\"\"", true, Failed)]
    [InlineData("garbage", true, Proceed)]
    [InlineData("3e-17a", true, Proceed)]
    [InlineData("\"3e-17a", true, Proceed)]
    [InlineData("", true, Proceed)]
    [InlineData(" , ", true, Proceed)]
    [InlineData("garbage, " + ETag, true, Proceed)]
    [InlineData("garbage, \"a\"", true, Failed)]
    [InlineData(ETag + "x, \"a\"", true, Failed)]
    [InlineData("**", true, Proceed)]
    public void Evaluate_IfMatch_ReturnsExpected(string ifMatch, bool etagOn, object expected)
    {
        Assert.Equal((PreconditionOutcome)expected, Evaluate(true, ifMatch: ifMatch, etag: etagOn ? ETag : null));
        Assert.Equal((PreconditionOutcome)expected, Evaluate(false, ifMatch: ifMatch, etag: etagOn ? ETag : null));
    }

    // RFC 9110 §13.1.4 If-Unmodified-Since (§13.2.2 step 2, only when If-Match is absent): modified after
    // the date → 412; ignored when not a valid HTTP-date, when it has more than one member, or without a
    // Last-Modified.
    [Theory]
    [InlineData(Same, true, Proceed)]
    [InlineData(Later, true, Proceed)]
    [InlineData(Earlier, true, Failed)]
    [InlineData(EarlierAsctime, true, Failed)]
    [InlineData("Sunday, 06-Nov-94 08:49:36 GMT", true, Failed)]
    [InlineData(Earlier, false, Proceed)]
    [InlineData("not a date", true, Proceed)]
    [InlineData("Sun, 06 Nov 1994 08:49:36 UTC", true, Proceed)]
    [InlineData(Earlier + "\n" + Earlier, true, Proceed)]
    [InlineData("", true, Proceed)]
    public void Evaluate_IfUnmodifiedSince_ReturnsExpected(string ifUnmodifiedSince, bool lastModifiedOn, object expected)
    {
        Assert.Equal((PreconditionOutcome)expected, Evaluate(true, ifUnmodifiedSince: ifUnmodifiedSince, lastModifiedOn: lastModifiedOn));
        Assert.Equal((PreconditionOutcome)expected, Evaluate(false, ifUnmodifiedSince: ifUnmodifiedSince, lastModifiedOn: lastModifiedOn));
    }

    // RFC 9110 §13.1.2 If-None-Match: weak comparison (W/"x" matches "x"), "*" matches any current
    // representation; true → 304 for GET/HEAD, 412 for other methods; lists and several lines.
    [Theory]
    [InlineData(ETag, true, true, NotModified)]
    [InlineData(ETag, true, false, Failed)]
    [InlineData("W/" + ETag, true, true, NotModified)]
    [InlineData("W/" + ETag, true, false, Failed)]
    [InlineData("*", true, true, NotModified)]
    [InlineData("*", true, false, Failed)]
    [InlineData("*", false, true, NotModified)]
    [InlineData("\"a\"", true, true, Proceed)]
    [InlineData("\"a\"", true, false, Proceed)]
    [InlineData("\"a\", W/" + ETag, true, true, NotModified)]
    [InlineData("\"a\",\"b\"", true, true, Proceed)]
    [InlineData("\"a\"\nW/" + ETag, true, true, NotModified)]
    [InlineData("\"a\"\n\"b\"", true, true, Proceed)]
    [InlineData(ETag, false, true, Proceed)]
    [InlineData("\"3E-17A\"", true, true, Proceed)]
    [InlineData("w/" + ETag, true, true, Proceed)]
    [InlineData("garbage, " + ETag, true, true, NotModified)]
    public void Evaluate_IfNoneMatch_ReturnsExpected(string ifNoneMatch, bool etagOn, bool isGetOrHead, object expected)
    {
        Assert.Equal((PreconditionOutcome)expected, Evaluate(isGetOrHead, ifNoneMatch: ifNoneMatch, etag: etagOn ? ETag : null));
    }

    // RFC 9110 §13.1.3 If-Modified-Since: GET/HEAD only, one-second precision, not modified since the
    // date → 304; ignored when invalid, when a list (several lines), without Last-Modified, or for
    // other methods. HTTP-date is case-sensitive (§5.6.7).
    [Theory]
    [InlineData(Same, true, true, NotModified)]
    [InlineData(Later, true, true, NotModified)]
    [InlineData(SameRfc850, true, true, NotModified)]
    [InlineData(SameAsctime, true, true, NotModified)]
    [InlineData(Earlier, true, true, Proceed)]
    [InlineData(Same, true, false, Proceed)]
    [InlineData(Same, false, true, Proceed)]
    [InlineData("not a date", true, true, Proceed)]
    [InlineData("sun, 06 nov 1994 08:49:37 gmt", true, true, Proceed)]
    [InlineData("Sun, 06 Nov 1994 08:49:37 UTC", true, true, Proceed)]
    [InlineData(Same + "\n" + Same, true, true, Proceed)]
    [InlineData("", true, true, Proceed)]
    public void Evaluate_IfModifiedSince_ReturnsExpected(string ifModifiedSince, bool lastModifiedOn, bool isGetOrHead, object expected)
    {
        Assert.Equal((PreconditionOutcome)expected, Evaluate(isGetOrHead, ifModifiedSince: ifModifiedSince, lastModifiedOn: lastModifiedOn));
    }

    // RFC 9110 §13.2.2: the order is If-Match → If-Unmodified-Since (only without If-Match) →
    // If-None-Match → If-Modified-Since (only without If-None-Match, GET/HEAD only).
    [Theory]
    [InlineData("\"x\"", null, ETag, null, true, Failed)]
    [InlineData(ETag, null, ETag, null, true, NotModified)]
    [InlineData(ETag, Earlier, null, null, true, Proceed)]
    [InlineData("garbage", Earlier, null, null, true, Failed)]
    [InlineData(null, Earlier, ETag, null, true, Failed)]
    [InlineData(null, Same, ETag, null, true, NotModified)]
    [InlineData(null, null, "\"x\"", Same, true, Proceed)]
    [InlineData(null, null, "\"x\"", Later, true, Proceed)]
    [InlineData(null, null, ETag, Earlier, true, NotModified)]
    [InlineData(null, null, "garbage", Same, true, NotModified)]
    [InlineData(null, null, "", Same, true, NotModified)]
    [InlineData(null, null, null, null, true, Proceed)]
    [InlineData(null, null, null, null, false, Proceed)]
    [InlineData("*", Earlier, "*", Same, false, Failed)]
    [InlineData("*", null, "\"x\"", Same, true, Proceed)]
    public void Evaluate_CombinedHeaders_FollowsRfc9110Order(string? ifMatch, string? ifUnmodifiedSince, string? ifNoneMatch, string? ifModifiedSince, bool isGetOrHead, object expected)
    {
        Assert.Equal((PreconditionOutcome)expected, Evaluate(isGetOrHead, ifMatch, ifUnmodifiedSince, ifNoneMatch, ifModifiedSince));
    }

    // RFC 9110 §13.1.5 If-Range: an entity-tag must match strongly (weak never matches), a date must be a
    // valid HTTP-date equal to Last-Modified; anything else (several lines, invalid value, validator
    // turned off) → false, so the whole representation is sent.
    [Theory]
    [InlineData(null, true, true, true)]
    [InlineData(ETag, true, true, true)]
    [InlineData(" " + ETag + " ", true, true, true)]
    [InlineData("W/" + ETag, true, true, false)]
    [InlineData("\"other\"", true, true, false)]
    [InlineData(ETag, false, true, false)]
    [InlineData(ETag + ", \"x\"", true, true, false)]
    [InlineData(ETag + "x", true, true, false)]
    [InlineData("\"3e-17a", true, true, false)]
    [InlineData("*", true, true, false)]
    [InlineData(Same, true, true, true)]
    [InlineData(SameRfc850, true, true, true)]
    [InlineData(SameAsctime, true, true, true)]
    [InlineData(Earlier, true, true, false)]
    [InlineData(Later, true, true, false)]
    [InlineData(Same, true, false, false)]
    [InlineData("not a date", true, true, false)]
    [InlineData("", true, true, false)]
    [InlineData(ETag + "\n" + ETag, true, true, false)]
    [InlineData(Same + "\n" + Same, true, true, false)]
    public void IfRangeAllowsRange_ReturnsExpected(string? ifRange, bool etagOn, bool lastModifiedOn, bool expected)
    {
        var result = Preconditions.IfRangeAllowsRange(
            Lines(ifRange), etagOn ? ETag : null, lastModifiedOn ? LastModified : null);

        Assert.Equal(expected, result);
    }

    private static PreconditionOutcome Evaluate(
        bool isGetOrHead,
        string? ifMatch = null,
        string? ifUnmodifiedSince = null,
        string? ifNoneMatch = null,
        string? ifModifiedSince = null,
        string? etag = ETag,
        bool lastModifiedOn = true) =>
        Preconditions.Evaluate(isGetOrHead, Lines(ifMatch), Lines(ifUnmodifiedSince), Lines(ifNoneMatch), Lines(ifModifiedSince), etag, lastModifiedOn ? LastModified : null);

    /// <summary>null → absent header; otherwise one header line per <see cref="LineBreak"/>-separated part.</summary>
    private static StringValues Lines(string? value) => value is null ? StringValues.Empty : new StringValues(value.Split(LineBreak));
}
