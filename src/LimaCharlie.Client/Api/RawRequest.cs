using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Security;
using System.Threading;
using System.Threading.Tasks;
using LimaCharlie.Client.Auth;
using LimaCharlie.Client.Http;
using LimaCharlie.Client.Logging;

namespace LimaCharlie.Client.Api
{
    /// <summary>What a raw call (Invoke-LcApi) names: a method and a path under a service, or an absolute URL.</summary>
    public sealed class RawCall
    {
        public RawCall(HttpMethod method, string path)
        {
            Method = method;
            Path = path;
        }

        public HttpMethod Method { get; }
        /// <summary>The path under the service's root (under the API, <c>v1/</c> is added when missing); ignored with <see cref="Uri"/>.</summary>
        public string Path { get; }
        /// <summary>A service of the session (<see cref="ServiceMap"/>); null for the API.</summary>
        public string? Service { get; init; }
        /// <summary>An absolute URL instead of a service and path.</summary>
        public Uri? Uri { get; init; }
        public Guid? OrganizationId { get; init; }
        /// <summary>Use the user-only token.</summary>
        public bool NoOrganization { get; init; }
        /// <summary>Use the user's token for all of their organizations (minted without <c>oid</c>), as the fleet endpoints want.</summary>
        public bool AllOrganizations { get; init; }
        /// <summary>Authenticate with Basic (the organization id and this ingestion key) instead of a token: the log-ingestion host.</summary>
        public SecureString? IngestionKey { get; init; }
        /// <summary>Send to a URL whose host is not one of the session's services.</summary>
        public bool Force { get; init; }
        public List<KeyValuePair<string, string>> Query { get; } = new();
    }

    /// <summary>
    /// Turns a raw call into a request: the root of its service (or the host of its URL, refused when it is not one of
    /// the session's services), <c>{oid}</c> replaced in the path and the query values, and the credential the host takes
    /// (none for the public downloads host, in the form for the live stream, Basic with an ingestion key when one is
    /// given, the bearer header elsewhere: the organization's, the user's alone, or the user's for all organizations).
    /// </summary>
    public static class RawRequest
    {
        public const string OidPlaceholder = "{oid}";

        public static async Task<LcRequest> BuildAsync(LcConnection connection, RawCall call, ILcLog log, CancellationToken ct)
        {
            if (new[] { call.NoOrganization, call.AllOrganizations, call.OrganizationId is not null }.Count(scope => scope) > 1)
                throw new ArgumentException("-NoOrganization, -AllOrganizations and -OrganizationId cannot be used together: a request is sent for one organization, the user alone, or all of the user's organizations.");
            if (call.IngestionKey is not null && (call.NoOrganization || call.AllOrganizations))
                throw new ArgumentException("-IngestionKey authenticates as one organization; it cannot be used with -NoOrganization or -AllOrganizations.");
            var service = call.Uri is null ? (string.IsNullOrWhiteSpace(call.Service) ? ServiceMap.Api : call.Service!.Trim()) : null;
            var isApi = ServiceMap.Api.Equals(service, StringComparison.OrdinalIgnoreCase);

            string path;
            var query = new List<KeyValuePair<string, string>>();
            if (call.Uri is { } uri)
            {
                if (!uri.IsAbsoluteUri || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps))
                    throw new ArgumentException($"-Uri '{uri}' is not an absolute http(s) URL.");
                // A URI escapes the braces of the placeholder.
                path = uri.AbsolutePath.TrimStart('/').Replace("%7Boid%7D", OidPlaceholder, StringComparison.OrdinalIgnoreCase);
                query.AddRange(QueryOf(uri));
            }
            else if (isApi)
            {
                path = ApiPathOf(call.Path.Trim(), connection.Endpoints.ApiUrl, query).TrimStart('/');
                if (!path.StartsWith("v1/", StringComparison.OrdinalIgnoreCase)) path = "v1/" + path;
            }
            else
            {
                path = call.Path.Trim().TrimStart('/');
            }
            query.AddRange(call.Query);

            var usesOid = path.Contains(OidPlaceholder, StringComparison.OrdinalIgnoreCase)
                || query.Any(pair => pair.Value.Contains(OidPlaceholder, StringComparison.OrdinalIgnoreCase));
            Guid? oid = call.OrganizationId is not null || usesOid ? connection.ResolveOrganization(call.OrganizationId) : null;
            if (oid is { } id)
            {
                var text = id.ToString();
                path = path.Replace(OidPlaceholder, text, StringComparison.OrdinalIgnoreCase);
                query = query.Select(pair => new KeyValuePair<string, string>(pair.Key, pair.Value.Replace(OidPlaceholder, text, StringComparison.OrdinalIgnoreCase))).ToList();
            }
            var mapOrganization = oid ?? connection.OrganizationId;

            Uri? root = null;
            var anonymous = service is not null && ServiceMap.IsAnonymous(service);
            if (call.Uri is { } target)
            {
                root = new Uri(target.GetLeftPart(UriPartial.Authority) + "/");
                if (mapOrganization is { } o) await connection.Services.ForOrganizationAsync(o, log, ct).ConfigureAwait(false);
                var names = connection.Services.NamesOf(root);
                // A host that serves only the public downloads gets no token; one shared by several services, the header.
                anonymous = names.Count > 0 && names.All(ServiceMap.IsAnonymous);
                if (names.Count == 0 && !call.Force)
                    throw new LcConfigurationException(
                        $"'{root.GetLeftPart(UriPartial.Authority)}' is not a host of this session's services; the session's token would go to it.",
                        ErrorIds.ForeignHost);
            }
            else if (!isApi)
            {
                root = await connection.Services.RootAsync(mapOrganization, service!, log, ct).ConfigureAwait(false);
            }

            BasicCredential? basic = call.IngestionKey is { } key ? BasicCredential.ForIngestion(oid ?? connection.ResolveOrganization(null), key) : null;
            TokenTarget? token = anonymous || basic is not null ? null
                : call.AllOrganizations ? connection.RequireAllOrganizationsTarget("Invoke-LcApi -AllOrganizations")
                : call.NoOrganization ? connection.RequireUserTarget("Invoke-LcApi -NoOrganization")
                : oid is { } org ? TokenTarget.Organization(org)
                : connection.DefaultTarget;
            var request = new LcRequest(call.Method, path, token)
            {
                AcceptsAnyJson = true,
                Root = root,
                TokenFormField = service is null ? null : ServiceMap.TokenFormFieldOf(service),
                Basic = basic,
            };
            request.Query.AddRange(query);
            return request;
        }

        /// <summary>How a request is shown (ShouldProcess): its host when it is not the API's, and its path.</summary>
        public static string Describe(LcRequest request) => (request.Root?.GetLeftPart(UriPartial.Authority) ?? string.Empty) + "/" + request.Path;

        /// <summary>The name/value pairs of a URL's query string.</summary>
        public static IEnumerable<KeyValuePair<string, string>> QueryOf(Uri url)
        {
            foreach (var pair in url.Query.TrimStart('?').Split('&', StringSplitOptions.RemoveEmptyEntries))
            {
                var equals = pair.IndexOf('=');
                var name = Uri.UnescapeDataString((equals < 0 ? pair : pair[..equals]).Replace('+', ' '));
                var value = equals < 0 ? string.Empty : Uri.UnescapeDataString(pair[(equals + 1)..].Replace('+', ' '));
                yield return new KeyValuePair<string, string>(name, value);
            }
        }

        /// <summary>
        /// The path typed for the API: a URL of the session's API (as copied from a browser or a log) is taken as its path,
        /// its query added to <paramref name="query"/>; a URL of any other host is refused, pointing at -Uri.
        /// </summary>
        private static string ApiPathOf(string typed, Uri apiUrl, List<KeyValuePair<string, string>> query)
        {
            if (!Uri.TryCreate(typed, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttp && url.Scheme != Uri.UriSchemeHttps))
                return typed;
            var root = apiUrl.AbsolutePath.TrimEnd('/');
            if (LcEndpoints.Authority(url) != LcEndpoints.Authority(apiUrl) || !url.AbsolutePath.StartsWith(root + "/", StringComparison.Ordinal))
                throw new ArgumentException(
                    $"'{url.GetLeftPart(UriPartial.Authority)}' is not the session's API ({apiUrl.GetLeftPart(UriPartial.Path).TrimEnd('/')}): " +
                    "-Path is under the API (or the -Service given), e.g. Invoke-LcApi 'v1/who'. Give a URL of another host with -Uri.");
            query.AddRange(QueryOf(url));
            return url.AbsolutePath[root.Length..];
        }
    }
}
