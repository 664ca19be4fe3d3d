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
    /// <summary>Org settings and lifecycle (reference §3.2): name, description, quota, deletion, usage, errors, schemas, sensor version.</summary>
    public sealed class OrgAdminApi : OrganizationArea
    {
        internal OrgAdminApi(LcOrganizationClient owner) : base(owner) { }

        /// <summary>Renames the org and/or sets its description (<c>POST /v1/orgs/{oid}/name</c>, both in the query).</summary>
        public async Task SetNameAsync(string name, string? description, CancellationToken ct)
        {
            var oid = OrganizationId;
            var request = Request(HttpMethod.Post, oid, "v1", "orgs", oid.ToString(), "name")
                .WithQuery("name", name)
                .WithQuery("description", description);
            await Connection.SendAsync(request, Log, ct).ConfigureAwait(false);
        }

        public async Task SetQuotaAsync(int quota, CancellationToken ct)
        {
            var oid = OrganizationId;
            var request = Request(HttpMethod.Post, oid, "v1", "orgs", oid.ToString(), "quota")
                .WithForm("quota", quota.ToString(CultureInfo.InvariantCulture));
            await Connection.SendAsync(request, Log, ct).ConfigureAwait(false);
        }

        /// <summary>
        /// Deletes the org: asks for a confirmation token (<c>GET /v1/orgs/{oid}/delete</c>) and sends it back with
        /// <c>DELETE</c>. An expired or refused token becomes <c>LimaCharlie.DeleteConfirmationRefused</c>.
        /// </summary>
        public async Task DeleteAsync(CancellationToken ct)
        {
            var oid = OrganizationId;
            var ask = Request(HttpMethod.Get, oid, "v1", "orgs", oid.ToString(), "delete");
            var answer = await Connection.SendAsync(ask, Log, ct).ConfigureAwait(false);
            var token = answer.String("confirmation");
            if (string.IsNullOrEmpty(token))
                throw ApiErrors.InvalidResponse("GET", "/" + ask.Path, 200, "it has no confirmation token", null);

            var delete = Request(HttpMethod.Delete, oid, "v1", "orgs", oid.ToString(), "delete").WithForm("confirmation", token);
            delete.Idempotent = false;
            try
            {
                var result = await Connection.SendAsync(delete, Log, ct).ConfigureAwait(false);
                if (result.Bool("success") == false)
                    throw new LcApiException($"DELETE /{delete.Path} answered that organization {oid} was not deleted.", 200, null, "DELETE",
                        "/" + delete.Path, ErrorIds.DeleteFailed);
            }
            catch (LcApiException e) when (e.StatusCode is 400 or 403)
            {
                throw new LcApiException(
                    $"The API refused the confirmation of deleting organization {oid} ({e.StatusCode}): {e.ApiMessage ?? "no reason given"}. Nothing was deleted.",
                    e.StatusCode, e.ApiMessage, e.Method, e.Path, ErrorIds.DeleteConfirmationRefused,
                    retries: e.Retries, inner: e);
            }
        }

        public async Task<OrgUsage> QuotaUsageAsync(CancellationToken ct)
        {
            var oid = OrganizationId;
            var answer = await Connection.SendAsync(Request(HttpMethod.Get, oid, "v1", "quota_usage", oid.ToString()), Log, ct).ConfigureAwait(false);
            return ParseQuotaUsage(answer, oid);
        }

        /// <summary>
        /// <c>{"usage", "quota", "breakdown": {category: {"n", "quota"}}}</c>, the v5 SDK's shape: a category's <c>quota</c>
        /// is its weighted share of the usage. The documentation's older <c>{"count", "weight", "quota"}</c> is read too.
        /// </summary>
        public static OrgUsage ParseQuotaUsage(JsonElement answer, Guid oid)
        {
            var breakdown = new List<OrgUsageCategory>();
            if (answer.TryProperty("breakdown", out var b) && b.ValueKind == JsonValueKind.Object)
            {
                foreach (var category in b.EnumerateObject())
                {
                    var c = category.Value;
                    var count = c.Long("n") ?? c.Long("count") ?? 0;
                    breakdown.Add(new OrgUsageCategory
                    {
                        Category = category.Name,
                        Count = count,
                        Usage = c.Double("weight") is { } weight ? count * weight : c.Double("quota") ?? count,
                    });
                }
            }
            return new OrgUsage
            {
                OrganizationId = oid,
                Usage = answer.Long("usage") ?? 0,
                Quota = answer.Long("quota") ?? 0,
                Breakdown = breakdown.OrderBy(c => c.Category, StringComparer.Ordinal).ToArray(),
            };
        }

        /// <summary>The usage history, oldest day first (<c>GET /v1/usage/{oid}</c>).</summary>
        public async Task<OrgUsageDay[]> UsageHistoryAsync(CancellationToken ct)
        {
            var oid = OrganizationId;
            var answer = await Connection.SendAsync(Request(HttpMethod.Get, oid, "v1", "usage", oid.ToString()), Log, ct).ConfigureAwait(false);
            var fromCache = answer.Bool("from_cache") ?? false;
            if (!answer.TryProperty("usage", out var usage) || usage.ValueKind != JsonValueKind.Object) return Array.Empty<OrgUsageDay>();
            var days = new List<OrgUsageDay>();
            foreach (var day in usage.EnumerateObject())
            {
                if (!DateTime.TryParse(day.Name, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var date))
                    continue;
                var metrics = day.Value;
                days.Add(new OrgUsageDay
                {
                    OrganizationId = oid,
                    Date = DateTime.SpecifyKind(date.Date, DateTimeKind.Unspecified),
                    SensorEvents = metrics.Long("sensor_events"),
                    OutputBytes = metrics.Long("output_bytes_tx"),
                    ReplayEvaluations = metrics.Long("replay_num_evals"),
                    PeakSensors = metrics.Long("peak_sensors"),
                    Metrics = metrics.Properties(),
                    FromCache = fromCache,
                });
            }
            return days.OrderBy(d => d.Date).ToArray();
        }

        public async Task<OrgError[]> ErrorsAsync(CancellationToken ct)
        {
            var oid = OrganizationId;
            var answer = await Connection.SendAsync(Request(HttpMethod.Get, oid, "v1", "errors", oid.ToString()), Log, ct).ConfigureAwait(false);
            if (!answer.TryProperty("errors", out var errors) || errors.ValueKind != JsonValueKind.Array) return Array.Empty<OrgError>();
            return errors.EnumerateArray()
                .Where(e => e.ValueKind == JsonValueKind.Object)
                .Select(e => new OrgError
                {
                    OrganizationId = e.Guid("oid") ?? oid,
                    Component = e.String("component") ?? string.Empty,
                    Error = e.String("error"),
                    Time = e.Time("ts"),
                    Extra = e.TryProperty("extra", out var extra) ? JsonValues.ToObject(extra) : null,
                })
                .ToArray();
        }

        /// <summary>Dismisses a component's errors (<c>DELETE /v1/errors/{oid}/{component}</c>, the component percent-encoded).</summary>
        public async Task DismissErrorAsync(string component, CancellationToken ct)
        {
            var oid = OrganizationId;
            await Connection.SendAsync(Request(HttpMethod.Delete, oid, "v1", "errors", oid.ToString(), component), Log, ct).ConfigureAwait(false);
        }

        /// <summary>The org's event types (<c>GET /v1/orgs/{oid}/schema</c>), optionally those of one platform.</summary>
        public async Task<EventSchema[]> EventTypesAsync(string? platform, CancellationToken ct)
        {
            var oid = OrganizationId;
            var request = Request(HttpMethod.Get, oid, "v1", "orgs", oid.ToString(), "schema").WithQuery("platform", platform);
            var answer = await Connection.SendAsync(request, Log, ct).ConfigureAwait(false);
            return answer.Strings("event_types")
                .OrderBy(t => t, StringComparer.Ordinal)
                .Select(t => new EventSchema { OrganizationId = oid, EventType = t, Name = ShortName(t) })
                .ToArray();
        }

        /// <summary>One event type's schema; <c>NEW_PROCESS</c> and <c>evt:NEW_PROCESS</c> name the same one.</summary>
        public async Task<EventSchema> EventSchemaAsync(string eventType, CancellationToken ct)
        {
            var oid = OrganizationId;
            var name = FullName(eventType);
            var answer = await Connection.SendAsync(Request(HttpMethod.Get, oid, "v1", "orgs", oid.ToString(), "schema", name), Log, ct).ConfigureAwait(false);
            var schema = answer.TryProperty("schema", out var s) ? s : answer;
            var elements = schema.Strings("elements");
            var type = schema.String("event_type") ?? name;
            return new EventSchema
            {
                OrganizationId = oid,
                EventType = type,
                Name = ShortName(type),
                Elements = elements,
                Fields = elements.Select(ParseElement).ToArray(),
            };
        }

        /// <summary><c>NEW_PROCESS</c> → <c>evt:NEW_PROCESS</c>; a name with a prefix is kept.</summary>
        public static string FullName(string eventType)
        {
            var trimmed = eventType.Trim();
            if (trimmed.Length == 0) throw new ArgumentException("The event type is empty.", nameof(eventType));
            return trimmed.Contains(':') ? trimmed : "evt:" + trimmed;
        }

        public static string ShortName(string eventType)
        {
            var colon = eventType.IndexOf(':');
            return colon < 0 ? eventType : eventType[(colon + 1)..];
        }

        private static EventSchemaElement ParseElement(string element)
        {
            var colon = element.IndexOf(':');
            return colon < 0
                ? new EventSchemaElement { Type = string.Empty, Path = element }
                : new EventSchemaElement { Type = element[..colon], Path = element[(colon + 1)..] };
        }

        /// <summary>Sets the org's sensor version (<c>POST /v1/modules/{oid}</c>, query <c>specific_version</c> / <c>is_fallback</c> / <c>is_sleep</c>).</summary>
        public async Task SetSensorVersionAsync(SensorVersionChoice choice, string? version, CancellationToken ct)
        {
            var oid = OrganizationId;
            var request = Request(HttpMethod.Post, oid, "v1", "modules", oid.ToString());
            switch (choice)
            {
                case SensorVersionChoice.Specific:
                    if (string.IsNullOrWhiteSpace(version)) throw new ArgumentException("A specific sensor version is required, e.g. 4.33.20.", nameof(version));
                    request.WithQuery("specific_version", version.Trim());
                    break;
                case SensorVersionChoice.Latest:
                    request.WithQuery("specific_version", "latest");
                    break;
                case SensorVersionChoice.Stable:
                    request.WithQuery("is_fallback", "true");
                    break;
                case SensorVersionChoice.Dormant:
                    request.WithQuery("is_sleep", "true");
                    break;
            }
            await Connection.SendAsync(request, Log, ct).ConfigureAwait(false);
        }

        private static LcRequest Request(HttpMethod method, Guid oid, params string[] segments) =>
            new(method, LcRequest.PathOf(segments), TokenTarget.Organization(oid));
    }

    public static partial class OrganizationAreas
    {
        extension(LcOrganizationClient organization)
        {
            /// <summary>Organization administration: name, quota, usage, errors, event schemas, sensor version, deletion.</summary>
            public OrgAdminApi Admin => new(organization);
        }
    }
}
