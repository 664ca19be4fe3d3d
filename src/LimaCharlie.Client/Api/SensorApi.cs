using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using LimaCharlie.Client.Auth;
using LimaCharlie.Client.Http;
using LimaCharlie.Client.Json;
using LimaCharlie.Client.Logging;

namespace LimaCharlie.Client.Api
{
    /// <summary>Sensors: listing, details, lookups, tags, isolation, seal, tasking and deletion (reference §3.3).</summary>
    public sealed class SensorApi : OrganizationArea
    {
        internal SensorApi(LcOrganizationClient owner) : base(owner) { }

        /// <summary>
        /// Every sensor that matches, page by page as the API sends them (<c>continuation_token</c>), compressed pages
        /// decoded; one page is held at a time, so memory stays flat however large the fleet.
        /// </summary>
        public IAsyncEnumerable<Sensor> ListAsync(SensorQuery query, CancellationToken ct)
        {
            var oid = OrganizationId;
            var selector = query.EffectiveSelector();
            return CursorPaging.RecordsAsync(Connection, null,
                token => new LcRequest(HttpMethod.Get, LcRequest.PathOf("v1", "sensors", oid.ToString()), TokenTarget.Organization(oid))
                    .WithQuery("limit", query.PageSize.ToString(CultureInfo.InvariantCulture))
                    .WithQuery("is_compressed", "true")
                    .WithQuery("selector", selector)
                    .WithQuery("with_hostname_prefix", string.IsNullOrEmpty(query.HostnamePrefix) ? null : query.HostnamePrefix)
                    .WithQuery("with_ip", string.IsNullOrEmpty(query.IpAddress) ? null : query.IpAddress)
                    .WithQuery("is_online_only", query.OnlineOnly ? "true" : null)
                    .WithQuery("continuation_token", token),
                "continuation_token",
                (answer, request) =>
                {
                    var page = ApiErrors.RequireObject(answer, "GET", "/" + request.Path, "a page of sensors");
                    if (!page.TryProperty("sensors", out var sensors))
                        throw ApiErrors.InvalidResponse("GET", "/" + request.Path, 200, "it has no 'sensors'", page.GetRawText());
                    return CompressedJson.OpenArray(sensors, "/" + request.Path);
                },
                item => Parse(item, oid), 0, Log, ct);
        }

        /// <summary>One sensor in full, with its online state (<c>GET /v1/{sid}</c>).</summary>
        public async Task<Sensor> GetAsync(Guid sensorId, CancellationToken ct)
        {
            var oid = OrganizationId;
            var answer = await Connection.SendAsync(SensorRequest(HttpMethod.Get, oid, sensorId), Log, ct).ConfigureAwait(false);
            if (!answer.TryProperty("info", out var info))
                throw ApiErrors.InvalidResponse("GET", $"/v1/{sensorId}", 200, "it has no 'info'", answer.GetRawText());
            var sensor = Parse(info, oid);
            if (answer.Bool("is_online") is { } online) sensor.IsOnline = online;
            else if (answer.TryProperty("online", out var state))
                sensor.IsOnline = state.ValueKind == JsonValueKind.Object && state.EnumerateObject().Any() && !state.TryProperty("error", out _);
            return sensor;
        }

        public async Task<SensorTag[]> GetTagsAsync(Guid sensorId, CancellationToken ct)
        {
            var oid = OrganizationId;
            var answer = await Connection.SendAsync(SensorRequest(HttpMethod.Get, oid, sensorId, "tags"), Log, ct).ConfigureAwait(false);
            var tags = new List<SensorTag>();
            if (answer.TryProperty("tags", out var bySensor) && bySensor.ValueKind == JsonValueKind.Object)
                foreach (var sensor in bySensor.EnumerateObject())
                    if (sensor.Value.ValueKind == JsonValueKind.Object)
                        foreach (var tag in sensor.Value.EnumerateObject())
                            tags.Add(ParseTag(tag.Name, tag.Value, Guid.TryParse(sensor.Name, out var sid) ? sid : sensorId, oid));
            return tags.OrderBy(t => t.Tag, StringComparer.OrdinalIgnoreCase).ToArray();
        }

        /// <summary>Tags a sensor (<c>POST /v1/{sid}/tags</c>), for <paramref name="ttl"/> when given.</summary>
        public Task AddTagsAsync(Guid sensorId, IReadOnlyCollection<string> tags, TimeSpan? ttl, CancellationToken ct)
        {
            var oid = OrganizationId;
            var request = SensorRequest(HttpMethod.Post, oid, sensorId, "tags");
            foreach (var tag in tags) request.WithForm("tags", tag);
            request.WithForm("ttl", ttl is { } t ? ((long)Math.Ceiling(t.TotalSeconds)).ToString(CultureInfo.InvariantCulture) : null);
            request.Idempotent = true; // tagging twice leaves the same tags
            return Connection.SendAsync(request, Log, ct);
        }

        /// <summary>Removes tags from a sensor (<c>DELETE /v1/{sid}/tags</c>, <c>tags</c> comma-joined).</summary>
        public Task RemoveTagsAsync(Guid sensorId, IReadOnlyCollection<string> tags, CancellationToken ct)
        {
            var oid = OrganizationId;
            var request = SensorRequest(HttpMethod.Delete, oid, sensorId, "tags").WithForm("tags", string.Join(",", tags));
            return Connection.SendAsync(request, Log, ct);
        }

        /// <summary>Isolates a sensor from the network, or lets it rejoin (<c>POST|DELETE /v1/{sid}/isolation</c>).</summary>
        public Task SetIsolationAsync(Guid sensorId, bool isolate, CancellationToken ct) =>
            Toggle(sensorId, "isolation", isolate, ct);

        /// <summary>Seals a sensor against uninstallation, or unseals it (<c>POST|DELETE /v1/{sid}/seal</c>).</summary>
        public Task SetSealAsync(Guid sensorId, bool seal, CancellationToken ct) =>
            Toggle(sensorId, "seal", seal, ct);

        private Task Toggle(Guid sensorId, string what, bool on, CancellationToken ct)
        {
            var oid = OrganizationId;
            var request = SensorRequest(on ? HttpMethod.Post : HttpMethod.Delete, oid, sensorId, what);
            request.Idempotent = true; // setting a flag twice has the effect of once
            return Connection.SendAsync(request, Log, ct);
        }

        /// <summary>Deletes a sensor (<c>DELETE /v1/{sid}</c>): it can no longer connect.</summary>
        public Task DeleteAsync(Guid sensorId, CancellationToken ct)
        {
            var oid = OrganizationId;
            return Connection.SendAsync(SensorRequest(HttpMethod.Delete, oid, sensorId), Log, ct);
        }

        /// <summary>
        /// Sends task command lines to a sensor (<c>POST /v1/{sid}</c>). With an idempotency key the API ignores a repeat,
        /// so the request is retried like a GET.
        /// </summary>
        public async Task<SensorTask> TaskAsync(Guid sensorId, IReadOnlyCollection<string> commands, string? investigationId, string? idempotencyKey, CancellationToken ct)
        {
            var oid = OrganizationId;
            var request = SensorRequest(HttpMethod.Post, oid, sensorId);
            foreach (var command in commands) request.WithForm("tasks", command);
            request.WithForm("investigation_id", investigationId);
            if (!string.IsNullOrEmpty(idempotencyKey))
            {
                request.Headers.Add(new("x-idempotent-key", idempotencyKey!));
                request.Idempotent = true;
            }
            await Connection.SendAsync(request, Log, ct).ConfigureAwait(false);
            return new SensorTask
            {
                SensorId = sensorId, OrganizationId = oid, Commands = commands.ToArray(), InvestigationId = investigationId,
                IdempotencyKey = idempotencyKey, SentAt = DateTimeOffset.Now,
            };
        }

        /// <summary>Sensors whose hostname starts with <paramref name="prefix"/> (<c>GET /v1/hostnames/{oid}</c>).</summary>
        public Task<SensorReference[]> FindByHostnameAsync(string prefix, CancellationToken ct) =>
            Lookup("hostnames", "hostname", prefix, ct);

        /// <summary>Sensors seen with an IP address (<c>GET /v1/ips/{oid}</c>).</summary>
        public Task<SensorReference[]> FindByIpAsync(string ip, CancellationToken ct) =>
            Lookup("ips", "ip", ip, ct);

        private async Task<SensorReference[]> Lookup(string endpoint, string parameter, string value, CancellationToken ct)
        {
            var oid = OrganizationId;
            var request = new LcRequest(HttpMethod.Get, LcRequest.PathOf("v1", endpoint, oid.ToString()), TokenTarget.Organization(oid))
                .WithQuery(parameter, value);
            var answer = await Connection.SendAsync(request, Log, ct).ConfigureAwait(false);
            var found = new List<SensorReference>();
            foreach (var list in answer.ValueKind == JsonValueKind.Object ? answer.EnumerateObject().Select(p => p.Value) : Enumerable.Empty<JsonElement>())
            {
                if (list.ValueKind != JsonValueKind.Array) continue;
                foreach (var item in list.EnumerateArray())
                {
                    var sid = item.ValueKind == JsonValueKind.String ? (Guid.TryParse(item.GetString(), out var g) ? g : (Guid?)null) : item.Guid("sid");
                    if (sid is { } id)
                        found.Add(new SensorReference { SensorId = id, OrganizationId = oid, Hostname = item.ValueKind == JsonValueKind.Object ? item.String("hostname") : null });
                }
            }
            return found.ToArray();
        }

        /// <summary>The online state of many sensors in one call (<c>POST /v1/online/{oid}</c>); none named = all.</summary>
        public async Task<SensorReference[]> OnlineAsync(IReadOnlyCollection<Guid> sensorIds, CancellationToken ct)
        {
            var oid = OrganizationId;
            var request = new LcRequest(HttpMethod.Post, LcRequest.PathOf("v1", "online", oid.ToString()), TokenTarget.Organization(oid)) { Idempotent = true };
            foreach (var sid in sensorIds) request.WithForm("sids", sid.ToString());
            request.Form ??= new();
            var answer = await Connection.SendAsync(request, Log, ct).ConfigureAwait(false);
            var states = answer.ValueKind == JsonValueKind.Object
                ? answer.EnumerateObject()
                    .Where(p => Guid.TryParse(p.Name, out _))
                    .ToDictionary(p => Guid.Parse(p.Name), p => p.Value.ValueKind == JsonValueKind.True)
                : new Dictionary<Guid, bool>();
            var asked = sensorIds.Count > 0 ? sensorIds : states.Keys;
            return asked.Select(sid => new SensorReference
            {
                SensorId = sid, OrganizationId = oid, IsOnline = states.TryGetValue(sid, out var on) ? on : null,
            }).ToArray();
        }

        /// <summary>Every tag in use in the organization (<c>GET /v1/tags/{oid}</c>).</summary>
        public async Task<string[]> ListTagsAsync(CancellationToken ct)
        {
            var oid = OrganizationId;
            var answer = await Connection.SendAsync(
                new LcRequest(HttpMethod.Get, LcRequest.PathOf("v1", "tags", oid.ToString()), TokenTarget.Organization(oid)), Log, ct).ConfigureAwait(false);
            return answer.Strings("tags").OrderBy(t => t, StringComparer.OrdinalIgnoreCase).ToArray();
        }

        /// <summary>The sensors carrying a tag (<c>GET /v1/tags/{oid}/{tag}</c>).</summary>
        public async Task<SensorTag[]> SensorsWithTagAsync(string tag, CancellationToken ct)
        {
            var oid = OrganizationId;
            var answer = await Connection.SendAsync(
                new LcRequest(HttpMethod.Get, LcRequest.PathOf("v1", "tags", oid.ToString(), tag), TokenTarget.Organization(oid)), Log, ct).ConfigureAwait(false);
            var result = new List<SensorTag>();
            if (answer.ValueKind == JsonValueKind.Object)
                foreach (var entry in answer.EnumerateObject())
                    if (Guid.TryParse(entry.Name, out var sid)) result.Add(ParseTag(tag, entry.Value, sid, oid));
            return result.ToArray();
        }

        private static LcRequest SensorRequest(HttpMethod method, Guid oid, Guid sensorId, string? sub = null) =>
            new(method, sub is null ? LcRequest.PathOf("v1", sensorId.ToString()) : LcRequest.PathOf("v1", sensorId.ToString(), sub),
                TokenTarget.Organization(oid));

        /// <summary>
        /// A tag entry: <c>[sid, tag, by, added]</c>, <c>[tag, by, added]</c>, or an object with those fields; <c>added</c>
        /// Unix seconds (number or digits) or <c>YYYY-MM-DD HH:MM:SS</c> text (the Go SDK's mock writes text).
        /// </summary>
        private static SensorTag ParseTag(string tag, JsonElement value, Guid sensorId, Guid oid)
        {
            var result = new SensorTag { Tag = tag, SensorId = sensorId, OrganizationId = oid };
            if (value.ValueKind == JsonValueKind.Array)
            {
                var parts = value.EnumerateArray().ToArray();
                var start = Array.FindIndex(parts, p => p.ValueKind == JsonValueKind.String && p.GetString() == tag);
                if (start >= 0 && start + 1 < parts.Length) result.AddedBy = JsonRead.AsString(parts[start + 1]);
                if (start >= 0 && start + 2 < parts.Length) result.AddedAt = JsonTimes.AsTime(parts[start + 2]);
            }
            else if (value.ValueKind == JsonValueKind.Object)
            {
                result.AddedBy = value.String("by");
                result.AddedAt = value.Time("added") ?? value.Time("ts");
            }
            return result;
        }

        /// <summary>
        /// A sensor from its JSON, in one pass over the properties (fleet listings parse hundreds of thousands of these).
        /// Null values count as absent; properties the model does not name go to <see cref="Sensor.AdditionalProperties"/>.
        /// </summary>
        public static Sensor Parse(JsonElement item, Guid organizationId)
        {
            var reading = new SensorReading(new Sensor { OrganizationId = organizationId });
            var sensor = reading.Sensor;
            sensor.AdditionalProperties = SensorFields.Read(item, reading);
            sensor.PlatformCode = reading.Plat;
            sensor.Platform = PlatformOf(reading.Plat);
            sensor.ArchitectureCode = reading.Arch;
            sensor.Architecture = Enum.IsDefined((SensorArchitecture)reading.Arch) ? (SensorArchitecture)reading.Arch : SensorArchitecture.Unknown;
            sensor.IsIsolated = reading.IsIsolated ?? reading.Isolated ?? false;
            sensor.IsSealed = reading.IsSealed ?? reading.Sealed ?? false;
            return sensor;
        }

        /// <summary>A sensor being read, with the fields that are settled only once every property was seen.</summary>
        private sealed class SensorReading(Sensor sensor)
        {
            public Sensor Sensor { get; } = sensor;
            public long Plat;
            public int Arch;
            public bool? IsIsolated, Isolated, IsSealed, Sealed;
        }

        private static readonly JsonFields<SensorReading> SensorFields = new JsonFields<SensorReading>()
            .On("sid", (r, v) => r.Sensor.SensorId = JsonRead.AsGuid(v) ?? Guid.Empty)
            .On("oid", (r, v) => r.Sensor.OrganizationId = JsonRead.AsGuid(v) ?? r.Sensor.OrganizationId)
            .On("hostname", (r, v) => r.Sensor.Hostname = JsonRead.AsString(v))
            .On("plat", (r, v) => r.Plat = JsonRead.AsLong(v) ?? 0)
            .On("arch", (r, v) => r.Arch = JsonRead.AsInt(v) ?? 0)
            .On("int_ip", (r, v) => r.Sensor.InternalIp = JsonRead.AsString(v))
            .On("ext_ip", (r, v) => r.Sensor.ExternalIp = JsonRead.AsString(v))
            .On("mac_addr", (r, v) => r.Sensor.MacAddress = JsonRead.AsString(v))
            .On("is_online", (r, v) => r.Sensor.IsOnline = JsonRead.AsBool(v))
            .On("alive", (r, v) => r.Sensor.LastSeen = JsonTimes.AsTime(v))
            .On("enroll", (r, v) => r.Sensor.EnrolledAt = JsonTimes.AsTime(v))
            .On("is_isolated", (r, v) => r.IsIsolated = JsonRead.AsBool(v))
            .On("isolated", (r, v) => r.Isolated = JsonRead.AsBool(v))
            .On("should_isolate", (r, v) => r.Sensor.ShouldIsolate = JsonRead.AsBool(v) ?? false)
            .On("is_sealed", (r, v) => r.IsSealed = JsonRead.AsBool(v))
            .On("sealed", (r, v) => r.Sealed = JsonRead.AsBool(v))
            .On("should_seal", (r, v) => r.Sensor.ShouldSeal = JsonRead.AsBool(v) ?? false)
            .On("kernel", (r, v) => r.Sensor.HasKernel = JsonRead.AsBool(v))
            .On("iid", (r, v) => r.Sensor.InstallationKeyId = JsonRead.AsGuid(v))
            .On("did", (r, v) => r.Sensor.DeviceId = JsonRead.AsGuid(v));

        /// <summary>The platform family: the top four bits of <c>plat</c> (0x10000000 Windows ... 0x90000000 JSON adapters).</summary>
        public static SensorPlatform PlatformOf(long plat)
        {
            var family = (int)((plat >> 28) & 0xF);
            return family switch
            {
                >= 1 and <= 9 => (SensorPlatform)family,
                0 => SensorPlatform.Unknown,
                _ => SensorPlatform.Adapter,
            };
        }
    }

    public static partial class OrganizationAreas
    {
        extension(LcOrganizationClient organization)
        {
            /// <summary>Sensors: listings, tags, isolation, seal, tasking.</summary>
            public SensorApi Sensors => new(organization);
        }
    }
}
