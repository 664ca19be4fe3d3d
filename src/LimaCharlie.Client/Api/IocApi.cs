using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net.Http;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using LimaCharlie.Client.Auth;
using LimaCharlie.Client.Http;
using LimaCharlie.Client.Json;
using LimaCharlie.Client.Logging;

namespace LimaCharlie.Client.Api
{
    /// <summary>An indicator to look up: its kind and its value (<c>%</c> is a wildcard when <see cref="Wildcard"/>).</summary>
    public readonly record struct IocName(string Type, string Name, bool Wildcard = false);

    /// <summary>
    /// IOC search (reference §3.12, <c>objects</c>): prevalence summaries, batched into one call for many indicators,
    /// and the sensors where one indicator was seen.
    /// </summary>
    public sealed class IocApi : OrganizationArea
    {
        internal IocApi(LcOrganizationClient owner) : base(owner) { }

        public static readonly IReadOnlyList<string> Types =
            new[] { "domain", "ip", "file_hash", "file_path", "file_name", "user", "service_name", "package_name", "hostname" };

        private static readonly string[] Windows = { "last_1_days", "last_7_days", "last_30_days", "last_365_days" };

        /// <summary>
        /// Summaries of exact names in one <c>POST /v1/insight/{oid}/objects</c>, in the order asked; a name the
        /// answer leaves out was not seen (0).
        /// </summary>
        public async Task<IocPrevalence[]> SummariesAsync(IReadOnlyList<IocName> names, bool caseSensitive, CancellationToken ct)
        {
            var oid = OrganizationId;
            var objects = names.GroupBy(n => n.Type, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => g.Select(n => n.Name).Distinct(StringComparer.Ordinal).ToArray(), StringComparer.Ordinal);
            var request = new LcRequest(HttpMethod.Post, LcRequest.PathOf("v1", "insight", oid.ToString(), "objects"), TokenTarget.Organization(oid))
                { Idempotent = true }
                .WithForm("objects", JsonSerializer.Serialize(objects))
                .WithForm("case_sensitive", caseSensitive ? "true" : "false")
                .WithForm("info", "summary");
            var answer = await Connection.SendAsync(request, Log, ct).ConfigureAwait(false);
            var fromCache = answer.Bool("from_cache") ?? false;
            return names.Select(n =>
            {
                var counts = Windows.Select(w => answer.TryProperty(w, out var byType) && byType.TryProperty(n.Type, out var byName)
                    ? byName.Long(n.Name) ?? 0 : 0).ToArray();
                return Prevalence(oid, n.Type, n.Name, counts, fromCache);
            }).ToArray();
        }

        /// <summary>
        /// The summary of one name or pattern (<c>GET /v1/insight/{oid}/objects/{type}</c>); a pattern gives one summary
        /// per matching name.
        /// </summary>
        public async Task<IocPrevalence[]> SummaryAsync(IocName name, bool caseSensitive, CancellationToken ct)
        {
            var oid = OrganizationId;
            var answer = await SendOneAsync(name, "summary", caseSensitive, null, ct).ConfigureAwait(false);
            var fromCache = answer.Bool("from_cache") ?? false;
            if (!name.Wildcard)
                return new[] { Prevalence(oid, name.Type, name.Name, Windows.Select(w => answer.Long(w) ?? 0).ToArray(), fromCache) };
            var matched = Windows
                .SelectMany(w => answer.TryProperty(w, out var m) && m.ValueKind == JsonValueKind.Object ? m.EnumerateObject().Select(p => p.Name) : Enumerable.Empty<string>())
                .Distinct(StringComparer.Ordinal).OrderBy(n => n, StringComparer.Ordinal);
            return matched.Select(match => Prevalence(oid, name.Type, match,
                Windows.Select(w => answer.TryProperty(w, out var m) ? m.Long(match) ?? 0 : 0).ToArray(), fromCache)).ToArray();
        }

        /// <summary>The sensors where a name (or pattern) was seen (<c>info=locations</c>), at most <paramref name="limit"/>.</summary>
        public async Task<IocLocation[]> LocationsAsync(IocName name, bool caseSensitive, int? limit, CancellationToken ct)
        {
            var oid = OrganizationId;
            var answer = await SendOneAsync(name, "locations", caseSensitive, limit, ct).ConfigureAwait(false);
            var locations = new List<IocLocation>();
            foreach (var property in answer.EnumerateObject())
            {
                var entry = property.Value;
                if (entry.ValueKind != JsonValueKind.Object) continue;
                if ((entry.Guid("sid") ?? (System.Guid.TryParse(property.Name, out var key) ? key : null)) is not { } sid) continue;
                locations.Add(new IocLocation
                {
                    OrganizationId = oid,
                    Type = name.Type,
                    Name = name.Name,
                    SensorId = sid,
                    Hostname = entry.String("hostname"),
                    FirstSeen = entry.Time("first_ts"),
                    LastSeen = entry.Time("last_ts"),
                });
            }
            return locations.ToArray();
        }

        private Task<JsonElement> SendOneAsync(IocName name, string info, bool caseSensitive, int? limit, CancellationToken ct)
        {
            var oid = OrganizationId;
            var request = new LcRequest(HttpMethod.Get, LcRequest.PathOf("v1", "insight", oid.ToString(), "objects", name.Type), TokenTarget.Organization(oid))
                .WithQuery("name", name.Name)
                .WithQuery("info", info)
                .WithQuery("case_sensitive", caseSensitive ? "true" : "false")
                .WithQuery("with_wildcards", name.Wildcard ? "true" : "false")
                .WithQuery("per_object", name.Wildcard && info == "summary" ? "true" : null)
                .WithQuery("limit", limit?.ToString(CultureInfo.InvariantCulture));
            return Connection.SendAsync(request, Log, ct);
        }

        private static IocPrevalence Prevalence(Guid oid, string type, string name, long[] counts, bool fromCache) => new()
        {
            OrganizationId = oid,
            Type = type,
            Name = name,
            Last1Days = counts[0],
            Last7Days = counts[1],
            Last30Days = counts[2],
            Last365Days = counts[3],
            FromCache = fromCache,
        };
    }

    public static partial class OrganizationAreas
    {
        extension(LcOrganizationClient organization)
        {
            /// <summary>Indicator prevalence and locations.</summary>
            public IocApi Iocs => new(organization);
        }
    }
}
