using System;
using System.Net;

namespace LimaCharlie.Client
{
    /// <summary>The two base URLs a session talks to: the REST API and the JWT endpoint.</summary>
    public sealed class LcEndpoints
    {
        public static readonly Uri DefaultApiUrl = new("https://api.limacharlie.io/");
        public static readonly Uri DefaultJwtUrl = new("https://jwt.limacharlie.io/");

        public LcEndpoints(Uri? apiUrl = null, Uri? jwtUrl = null)
        {
            ApiUrl = Validate(apiUrl ?? DefaultApiUrl, "API URL");
            JwtUrl = Validate(jwtUrl ?? DefaultJwtUrl, "JWT URL");
        }

        public Uri ApiUrl { get; }
        public Uri JwtUrl { get; }

        /// <summary>Parses a URL given as text (parameter or LC_API_URL/LC_JWT_URL), with a clear error when it is not one.</summary>
        public static Uri? Parse(string? text, string what)
        {
            if (string.IsNullOrWhiteSpace(text)) return null;
            if (Uri.TryCreate(text.Trim(), UriKind.Absolute, out var uri)) return uri;
            throw new LcConfigurationException($"The {what} '{text}' is not an absolute URL.", ErrorIds.InvalidUrl,
                "Give a URL such as https://api.limacharlie.io.");
        }

        /// <summary>
        /// The root of a service named in an org's URL map (<c>GET /v1/orgs/{oid}/url</c>): a bare host gets https://, an
        /// existing scheme is kept (plain http only to loopback, as for the API URL).
        /// </summary>
        public static Uri ServiceRoot(string text, string what)
        {
            var trimmed = text.Trim();
            var withScheme = trimmed.Contains("://", StringComparison.Ordinal) ? trimmed : "https://" + trimmed;
            if (!Uri.TryCreate(withScheme, UriKind.Absolute, out var uri) || string.IsNullOrEmpty(uri.Host))
                throw new LcConfigurationException($"The {what} '{text}' announced by the API is not a host or URL.", ErrorIds.InvalidUrl);
            return Validate(uri, what);
        }

        internal static Uri Validate(Uri uri, string what)
        {
            if (!uri.IsAbsoluteUri)
                throw new LcConfigurationException($"The {what} '{uri}' is not an absolute URL.", ErrorIds.InvalidUrl);
            if (uri.Scheme == Uri.UriSchemeHttp && !IsLoopback(uri))
                throw new LcConfigurationException(
                    $"The {what} '{uri}' uses plain http to a remote host; API keys and tokens would cross the network unencrypted.",
                    ErrorIds.InsecureUrl);
            if (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps)
                throw new LcConfigurationException($"The {what} '{uri}' is not an http(s) URL.", ErrorIds.InvalidUrl);
            var text = uri.AbsoluteUri;
            return text.EndsWith("/", StringComparison.Ordinal) ? uri : new Uri(text + "/");
        }

        private static bool IsLoopback(Uri uri) =>
            uri.IsLoopback || (IPAddress.TryParse(uri.Host.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip));
    }
}
