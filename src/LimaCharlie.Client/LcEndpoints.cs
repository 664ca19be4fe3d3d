using System;
using System.Collections.Generic;
using System.Linq;
using System.Net;

namespace LimaCharlie.Client
{
    /// <summary>
    /// The base URLs a session is given: the REST API, the JWT endpoint, and the roots of services that replace what
    /// the organization's map or the fixed hosts say (see <see cref="ServiceMap"/>).
    /// </summary>
    public sealed class LcEndpoints
    {
        public static readonly Uri DefaultApiUrl = new("https://api.limacharlie.io/");
        public static readonly Uri DefaultJwtUrl = new("https://jwt.limacharlie.io/");

        public LcEndpoints(Uri? apiUrl = null, Uri? jwtUrl = null, IEnumerable<KeyValuePair<string, Uri>>? serviceUrls = null)
        {
            ApiUrl = Validate(apiUrl ?? DefaultApiUrl, "API URL");
            JwtUrl = Validate(jwtUrl ?? DefaultJwtUrl, "JWT URL");
            var services = new Dictionary<string, Uri>(StringComparer.OrdinalIgnoreCase);
            foreach (var (name, url) in serviceUrls ?? Enumerable.Empty<KeyValuePair<string, Uri>>())
            {
                if (string.IsNullOrWhiteSpace(name) || name.Any(c => !char.IsAsciiLetterOrDigit(c) && c != '_' && c != '-'))
                    throw new LcConfigurationException($"'{name}' is not a service name (letters, digits, '_' and '-').", ErrorIds.InvalidArgument,
                        "Name services as the organization's map does: replay, cases, search, stream, downloads...");
                if (ServiceMap.Api.Equals(name, StringComparison.OrdinalIgnoreCase) || ServiceMap.Jwt.Equals(name, StringComparison.OrdinalIgnoreCase))
                    throw new LcConfigurationException($"The {name} URL is set with -{(name.Equals(ServiceMap.Api, StringComparison.OrdinalIgnoreCase) ? "ApiUrl" : "JwtUrl")}, not as a service URL.",
                        ErrorIds.InvalidArgument);
                services[name.ToLowerInvariant()] = Validate(url, $"{name} URL");
            }
            ServiceUrls = services;
        }

        public Uri ApiUrl { get; }
        public Uri JwtUrl { get; }

        /// <summary>Roots given for services by name (lower case), e.g. <c>replay</c> or <c>downloads</c>; they win over the organization's map.</summary>
        public IReadOnlyDictionary<string, Uri> ServiceUrls { get; }

        /// <summary>Parses a URL given as text (parameter or LC_API_URL/LC_JWT_URL), with a clear error when it is not one.</summary>
        public static Uri? Parse(string? text, string what)
        {
            if (string.IsNullOrWhiteSpace(text)) return null;
            if (Uri.TryCreate(text.Trim(), UriKind.Absolute, out var uri)) return uri;
            throw new LcConfigurationException($"The {what} '{text}' is not an absolute URL.", ErrorIds.InvalidUrl,
                "Give a URL such as https://api.limacharlie.io.");
        }

        /// <summary>
        /// The root of a service named in an org's URL map (<c>GET /v1/orgs/{oid}/url</c>): an existing scheme is kept
        /// (plain http only to loopback, as for the API URL); a bare host gets https://, except a loopback one (an emulator
        /// or a local proxy), which gets http://.
        /// </summary>
        public static Uri ServiceRoot(string text, string what)
        {
            var trimmed = text.Trim();
            var withScheme = trimmed.Contains("://", StringComparison.Ordinal) ? trimmed : "https://" + trimmed;
            if (!Uri.TryCreate(withScheme, UriKind.Absolute, out var uri) || string.IsNullOrEmpty(uri.Host))
                throw new LcConfigurationException($"The {what} '{text}' announced by the API is not a host or URL.", ErrorIds.InvalidUrl);
            if (!trimmed.Contains("://", StringComparison.Ordinal) && IsLoopback(uri))
                uri = new UriBuilder(uri) { Scheme = Uri.UriSchemeHttp, Port = uri.Port }.Uri;
            return Validate(uri, what);
        }

        /// <summary>Scheme, host and port: what two URLs must share to reach the same server.</summary>
        public static string Authority(Uri url) => url.GetLeftPart(UriPartial.Authority).ToLowerInvariant();

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

        internal static bool IsLoopback(Uri uri) =>
            uri.IsLoopback || (IPAddress.TryParse(uri.Host.Trim('[', ']'), out var ip) && IPAddress.IsLoopback(ip));
    }
}
