using Microsoft.AspNetCore.Http.Features;

namespace LimaCharlie.Emulator.Infrastructure;

/// <summary>
/// Path segments as the client encoded them. Kestrel decodes route values except <c>%2F</c>, so a segment that may
/// hold any character (tags, later hive keys) is read from the raw request target and percent-decoded exactly once.
/// </summary>
public static class RawPath
{
    /// <summary>
    /// The percent-decoded segment at <paramref name="index"/> (0 = the first segment after the leading slash),
    /// or <paramref name="fallback"/> when the raw target is unavailable or shorter.
    /// </summary>
    public static string Segment(HttpContext context, int index, string fallback)
    {
        var raw = context.Features.Get<IHttpRequestFeature>()?.RawTarget;
        if (string.IsNullOrEmpty(raw))
        {
            return fallback;
        }

        var query = raw.IndexOfAny(['?', '#']);
        var path = query < 0 ? raw : raw[..query];
        if (Uri.TryCreate(path, UriKind.Absolute, out var absolute) && absolute.Scheme is "http" or "https")
        {
            path = absolute.AbsolutePath;
        }

        var segments = path.TrimStart('/').Split('/');
        return index < segments.Length ? Uri.UnescapeDataString(segments[index]) : fallback;
    }
}
