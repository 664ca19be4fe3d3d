using LimaCharlie.Emulator.Infrastructure;

namespace LimaCharlie.Emulator.Faults;

/// <summary>
/// Definition of an injected fault (body of <c>POST /_emu/faults</c>). A fault matches requests by path prefix
/// and method; among the matching requests it fires on the next <see cref="Count"/> (or on every one), thinned
/// deterministically by <see cref="Fraction"/>. When it fires it waits <see cref="DelayMs"/>, then cuts the
/// connection, damages the real answer (<see cref="CutBody"/>, <see cref="TruncateGzip"/>), answers
/// <see cref="Body"/> raw, answers an error <see cref="Status"/>, or (delay only) lets the request through slowly.
/// </summary>
public sealed record FaultSpec
{
    /// <summary>The <see cref="PathPrefix"/> value that matches the JWT endpoint (path <c>/</c>) only.</summary>
    public const string JwtEndpoint = "jwt";

    /// <summary>The default <see cref="PathPrefix"/>: the REST API only.</summary>
    public const string DefaultPathPrefix = "/v1/";

    /// <summary>HTTP status to answer (e.g. 429, 500, 503, 504). With <see cref="Body"/>: that body's status.</summary>
    public int? Status { get; init; }

    /// <summary>Fire on the next N matching requests only, then disappear. Null: until cleared.</summary>
    public int? Count { get; init; }

    /// <summary>
    /// Fire on this share (0..1] of the matching requests, deterministically: the k-th matching request is hit when
    /// floor(k·f) &gt; floor((k−1)·f) (0.5 → 2nd, 4th, ...; 0.25 → 4th, 8th, ...). Null: every matching request.
    /// </summary>
    public double? Fraction { get; init; }

    /// <summary>Wait this long before answering (alone: a slow success).</summary>
    public int? DelayMs { get; init; }

    /// <summary>Abort the connection without any response.</summary>
    public bool Cut { get; init; }

    /// <summary>
    /// Let the request through, then send the real answer's headers (with its full <c>Content-Length</c>) and the
    /// first half of its body, and abort the connection: a connection cut mid-body.
    /// </summary>
    public bool CutBody { get; init; }

    /// <summary>
    /// Let the request through, gzip the real answer and send only the first half of the compressed bytes as a
    /// complete response (<c>Content-Encoding: gzip</c>, <c>Content-Length</c> of that half): a truncated gzip page.
    /// </summary>
    public bool TruncateGzip { get; init; }

    /// <summary>
    /// Path prefix to match (ordinal, case-insensitive). Default <c>/v1/</c>; <c>/</c> matches everything including
    /// the JWT endpoint; <c>jwt</c> matches only the JWT endpoint. Control paths (<c>/_emu/</c>) never match.
    /// </summary>
    public string? PathPrefix { get; init; }

    /// <summary>HTTP method to match (any when null).</summary>
    public string? Method { get; init; }

    /// <summary>Error text of the JSON body (default: the status' reason phrase).</summary>
    public string? Error { get; init; }

    /// <summary><c>X-RateLimit-Quota</c> header value sent with 429 (default 100).</summary>
    public int? RateLimitQuota { get; init; }

    /// <summary><c>X-RateLimit-Period</c> header value sent with 429 (default 60).</summary>
    public int? RatePeriod { get; init; }

    /// <summary><c>Retry-After</c> header value in seconds; the header is only sent when this is set.</summary>
    public int? RetryAfter { get; init; }

    /// <summary>Raw body to answer instead of JSON (status <see cref="Status"/> or 200); may be empty.</summary>
    public string? Body { get; init; }

    /// <summary>Content type of <see cref="Body"/> (default <c>text/plain; charset=utf-8</c>; empty: no header).</summary>
    public string? ContentType { get; init; }

    /// <summary>Throws a 400 <see cref="EmulatorException"/> describing the first invalid field.</summary>
    public void Validate()
    {
        if (Status is { } status && (status < 100 || status > 599))
        {
            throw EmulatorException.BadRequest("fault status must be between 100 and 599");
        }

        if (Count is { } count && count < 1)
        {
            throw EmulatorException.BadRequest("fault count must be at least 1");
        }

        if (Fraction is { } fraction && (double.IsNaN(fraction) || fraction <= 0 || fraction > 1))
        {
            throw EmulatorException.BadRequest("fault fraction must be in (0, 1]");
        }

        if (DelayMs is { } delay && (delay < 0 || delay > 600_000))
        {
            throw EmulatorException.BadRequest("fault delayMs must be between 0 and 600000");
        }

        if (RetryAfter is < 0 || RateLimitQuota is < 0 || RatePeriod is < 0)
        {
            throw EmulatorException.BadRequest("fault header values must not be negative");
        }

        var damages = (Cut ? 1 : 0) + (CutBody ? 1 : 0) + (TruncateGzip ? 1 : 0);
        if (damages > 1 || (damages == 1 && !Cut && (Status is not null || Body is not null)))
        {
            throw EmulatorException.BadRequest("cut, cutBody and truncateGzip exclude each other, and the last two status and body");
        }

        if (Status is null && Body is null && damages == 0 && DelayMs is null or 0)
        {
            throw EmulatorException.BadRequest("a fault needs at least one of status, body, cut, cutBody, truncateGzip or delayMs");
        }
    }

    /// <summary>True when the fault applies to a request with this method and path.</summary>
    public bool Matches(string method, PathString path)
    {
        if (EmulatorPaths.IsControl(path))
        {
            return false;
        }

        if (Method is not null && !string.Equals(Method, method, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var prefix = string.IsNullOrEmpty(PathPrefix) ? DefaultPathPrefix : PathPrefix;
        return string.Equals(prefix, JwtEndpoint, StringComparison.OrdinalIgnoreCase)
            ? EmulatorPaths.IsJwt(path)
            : (path.Value ?? "/").StartsWith(prefix, StringComparison.OrdinalIgnoreCase);
    }
}
