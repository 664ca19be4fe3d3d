using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using LimaCharlie.Client.Http;
using LimaCharlie.Client.Json;
using LimaCharlie.Client.Logging;

namespace LimaCharlie.Client
{
    /// <summary>
    /// Where each LimaCharlie service of a session lives. In order: a root the session was given
    /// (<see cref="LcEndpoints.ServiceUrls"/>, <c>Connect-LcOrg -ServiceUrl</c>); the API and JWT URLs; the fixed hosts
    /// (<see cref="Stream"/>, <see cref="Downloads"/>); the organization's own map, read once per organization from
    /// <c>GET /v1/orgs/{oid}/url</c> (no token) and kept for the life of the session (search, replay, cases, ai, logs,
    /// artifacts, live, hooks...).
    /// </summary>
    public sealed class ServiceMap
    {
        public const string Api = "api";
        public const string Jwt = "jwt";
        /// <summary>The live stream host (fixed, not in the organization's map).</summary>
        public const string Stream = "stream";
        /// <summary>The installer downloads host (fixed, no token).</summary>
        public const string Downloads = "downloads";
        /// <summary>The log-ingestion host (the organization's map): artifact uploads, Basic authentication with an ingestion key.</summary>
        public const string Logs = "logs";

        public static readonly Uri DefaultStreamUrl = new("https://stream-tmp.limacharlie.io/");
        public static readonly Uri DefaultDownloadsUrl = new("https://downloads.limacharlie.io/");

        /// <summary>Members of the map that are not hosts.</summary>
        private static readonly HashSet<string> NotHosts = new(StringComparer.OrdinalIgnoreCase) { "region_code", "private_endpoints" };

        private readonly LcConnection _connection;
        private readonly ConcurrentDictionary<Guid, IReadOnlyDictionary<string, Uri>> _organizations = new();

        internal ServiceMap(LcConnection connection)
        {
            _connection = connection;
            var known = new Dictionary<string, Uri>(StringComparer.OrdinalIgnoreCase)
            {
                [Api] = connection.Endpoints.ApiUrl,
                [Jwt] = connection.Endpoints.JwtUrl,
                [Stream] = DefaultStreamUrl,
                [Downloads] = DefaultDownloadsUrl,
            };
            foreach (var (name, url) in connection.Endpoints.ServiceUrls) known[name] = url;
            Fixed = known;
        }

        /// <summary>The services every organization shares, with the session's own roots in place.</summary>
        public IReadOnlyDictionary<string, Uri> Fixed { get; }

        /// <summary>Whether a service needs no token: the downloads host is public, and a token must not travel there.</summary>
        public static bool IsAnonymous(string service) => Downloads.Equals(service, StringComparison.OrdinalIgnoreCase);

        /// <summary>The form field a service reads the token from instead of the Authorization header: <c>jwt</c> for the live stream (as sdk/spout.py sends it); null for the others.</summary>
        public static string? TokenFormFieldOf(string service) => Stream.Equals(service, StringComparison.OrdinalIgnoreCase) ? "jwt" : null;

        /// <summary>Every service of an organization by name (its map, then the fixed hosts and the session's roots over it).</summary>
        public async Task<IReadOnlyDictionary<string, Uri>> ForOrganizationAsync(Guid organizationId, ILcLog log, CancellationToken ct)
        {
            if (_organizations.TryGetValue(organizationId, out var cached)) return cached;
            var request = new LcRequest(HttpMethod.Get, LcRequest.PathOf("v1", "orgs", organizationId.ToString(), "url"), null);
            var answer = await _connection.SendAsync(request, log, ct).ConfigureAwait(false);
            var services = new Dictionary<string, Uri>(StringComparer.OrdinalIgnoreCase);
            if (answer.TryProperty("url", out var urls) && urls.ValueKind == JsonValueKind.Object)
            {
                foreach (var member in urls.EnumerateObject())
                {
                    if (NotHosts.Contains(member.Name) || member.Value.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(member.Value.GetString())) continue;
                    try
                    {
                        services[member.Name] = LcEndpoints.ServiceRoot(member.Value.GetString()!, $"{member.Name} URL");
                    }
                    catch (LcConfigurationException e)
                    {
                        log.Verbose($"Ignoring the {member.Name} host of organization {organizationId}: {e.Message}");
                    }
                }
            }
            foreach (var (name, url) in Fixed) services[name] = url;
            log.Verbose($"The services of organization {organizationId}: {string.Join(", ", services.OrderBy(s => s.Key, StringComparer.Ordinal).Select(s => $"{s.Key} {LcEndpoints.Authority(s.Value)}"))}.");
            return _organizations.GetOrAdd(organizationId, services);
        }

        /// <summary>
        /// The root of one service. The session's roots and the fixed hosts need no organization; any other name is looked
        /// up in the organization's map (read once), and a name it lacks is a clear error listing the names it has.
        /// </summary>
        public async Task<Uri> RootAsync(Guid? organizationId, string service, ILcLog log, CancellationToken ct)
        {
            if (Fixed.TryGetValue(service, out var root)) return root;
            if (organizationId is not { } oid)
                throw new LcConfigurationException($"The {service} service is found in an organization's map, and this call has no organization.",
                    ErrorIds.OrganizationRequired, "Pass -OrganizationId, or connect with an organization.");
            var services = await ForOrganizationAsync(oid, log, ct).ConfigureAwait(false);
            if (services.TryGetValue(service, out root)) return root;
            throw new LcApiException($"Organization {oid} has no '{service}' service; it has {string.Join(", ", services.Keys.OrderBy(k => k, StringComparer.Ordinal))}.",
                200, null, "GET", $"/v1/orgs/{oid}/url", ErrorIds.ServiceUnavailable,
                "Use one of the names listed, or give the service's root to Connect-LcOrg -ServiceUrl.");
        }

        /// <summary>
        /// The names of the session's services a URL's host serves (several services may share a host): its API, JWT,
        /// fixed and given roots, or services of organizations whose map the session has read; none for any other host.
        /// Only such hosts may receive the session's tokens.
        /// </summary>
        public IReadOnlyList<string> NamesOf(Uri url)
        {
            var authority = LcEndpoints.Authority(url);
            return Fixed.Concat(_organizations.Values.SelectMany(map => map))
                .Where(service => LcEndpoints.Authority(service.Value) == authority)
                .Select(service => service.Key)
                .Distinct(StringComparer.OrdinalIgnoreCase)
                .ToList();
        }
    }
}
