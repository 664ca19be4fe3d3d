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
    /// <summary>A time window and paging of an Insight listing.</summary>
    public sealed class InsightQuery
    {
        public const int DefaultPageSize = 1000;

        public DateTimeOffset Start { get; set; }
        public DateTimeOffset End { get; set; }
        /// <summary>Most records to return; 0 = all.</summary>
        public long Limit { get; set; }
        public int PageSize { get; set; } = DefaultPageSize;
    }

    /// <summary>
    /// Insight, the retained history (reference §3.12): a sensor's events, detections and the audit log, paged with
    /// <c>cursor</c>/<c>next_cursor</c> and compressed pages, streamed one page at a time. A page that fails transiently
    /// is asked again with the same cursor by the resilience handler, so every record arrives once, in order.
    /// </summary>
    public sealed class InsightApi : OrganizationArea
    {
        internal InsightApi(LcOrganizationClient owner) : base(owner) { }

        public IAsyncEnumerable<Event> EventsAsync(Guid sensorId, InsightQuery query, string? eventType, bool forward, CancellationToken ct)
        {
            var oid = OrganizationId;
            return Paged(query, "events", cursor => Window(new LcRequest(HttpMethod.Get,
                        LcRequest.PathOf("v1", "insight", oid.ToString(), sensorId.ToString()), TokenTarget.Organization(oid)), query, cursor)
                    .WithQuery("event_type", eventType)
                    .WithQuery("is_forward", forward ? "true" : "false"), item => ParseEvent(item, oid), ct);
        }

        /// <summary>One event by its atom (<c>GET /v1/insight/{oid}/{sid}/{atom}</c>), or its children (<c>.../children</c>).</summary>
        public async Task<Event[]> AtomAsync(Guid sensorId, string atom, bool children, CancellationToken ct)
        {
            var oid = OrganizationId;
            var segments = children
                ? new[] { "v1", "insight", oid.ToString(), sensorId.ToString(), atom, "children" }
                : new[] { "v1", "insight", oid.ToString(), sensorId.ToString(), atom };
            var request = new LcRequest(HttpMethod.Get, LcRequest.PathOf(segments), TokenTarget.Organization(oid));
            if (children) request.WithQuery("is_compressed", "true");
            var answer = await Connection.SendAsync(request, Log, ct).ConfigureAwait(false);
            if (!children)
            {
                var container = answer.TryProperty("event", out var e) ? e : answer;
                return new[] { ParseEvent(container, oid) };
            }
            if (!answer.TryProperty("events", out var items)) return Array.Empty<Event>();
            using var doc = CompressedJson.OpenArray(items, "/" + request.Path);
            var events = new List<Event>();
            foreach (var item in doc.RootElement.EnumerateArray()) events.Add(ParseEvent(item, oid));
            return events.ToArray();
        }

        /// <summary>
        /// The moments of a sensor's timeline that hold events (<c>GET /v1/insight/{oid}/{sid}/overview</c>); the API
        /// accepts windows of at most 30 days.
        /// </summary>
        public async Task<SensorActivity[]> OverviewAsync(Guid sensorId, DateTimeOffset start, DateTimeOffset end, CancellationToken ct)
        {
            var oid = OrganizationId;
            var request = new LcRequest(HttpMethod.Get, LcRequest.PathOf("v1", "insight", oid.ToString(), sensorId.ToString(), "overview"), TokenTarget.Organization(oid))
                .WithQuery("start", start.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture))
                .WithQuery("end", end.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture));
            var answer = await Connection.SendAsync(request, Log, ct).ConfigureAwait(false);
            if (!answer.TryProperty("overview", out var items) || items.ValueKind != JsonValueKind.Array) return Array.Empty<SensorActivity>();
            var points = new List<SensorActivity>();
            foreach (var item in items.EnumerateArray())
                if (item.ValueKind == JsonValueKind.Number && item.TryGetInt64(out var unix) && JsonTimes.FromUnix(unix) is { } time)
                    points.Add(new SensorActivity { OrganizationId = oid, SensorId = sensorId, Time = time });
            return points.OrderBy(p => p.Time).ToArray();
        }

        public IAsyncEnumerable<Detection> DetectionsAsync(InsightQuery query, string? category, Guid? sensorId, CancellationToken ct)
        {
            var oid = OrganizationId;
            return Paged(query, "detects", cursor => Window(new LcRequest(HttpMethod.Get,
                        LcRequest.PathOf("v1", "insight", oid.ToString(), "detections"), TokenTarget.Organization(oid)), query, cursor)
                    .WithQuery("cat", category)
                    .WithQuery("sid", sensorId?.ToString()), item => ParseDetection(item, oid), ct);
        }

        public async Task<Detection> DetectionAsync(string detectionId, CancellationToken ct)
        {
            var oid = OrganizationId;
            var answer = await Connection.SendAsync(new LcRequest(HttpMethod.Get,
                LcRequest.PathOf("v1", "insight", oid.ToString(), "detections", detectionId), TokenTarget.Organization(oid)), Log, ct).ConfigureAwait(false);
            var item = answer.TryProperty("detect", out var d) && d.TryProperty("detect_id", out _) ? d : answer;
            return ParseDetection(item, oid);
        }

        public IAsyncEnumerable<AuditEntry> AuditAsync(InsightQuery query, string? eventType, Guid? sensorId, CancellationToken ct)
        {
            var oid = OrganizationId;
            return Paged(query, "events", cursor => Window(new LcRequest(HttpMethod.Get,
                        LcRequest.PathOf("v1", "insight", oid.ToString(), "audit"), TokenTarget.Organization(oid)), query, cursor)
                    .WithQuery("event_type", eventType)
                    .WithQuery("sid", sensorId?.ToString()), item => ParseAudit(item, oid), ct);
        }

        private static LcRequest Window(LcRequest request, InsightQuery query, string cursor) => request
            .WithQuery("start", query.Start.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture))
            .WithQuery("end", query.End.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture))
            .WithQuery("cursor", cursor)
            .WithQuery("limit", query.PageSize.ToString(CultureInfo.InvariantCulture))
            .WithQuery("is_compressed", "true");

        private IAsyncEnumerable<T> Paged<T>(InsightQuery query, string field, Func<string, LcRequest> page, Func<JsonElement, T> parse, CancellationToken ct) =>
            CursorPaging.RecordsAsync(Connection, "-", cursor => page(cursor!), "next_cursor",
                (answer, request) => CursorPaging.OpenFirst(answer, request, field), parse, query.Limit, Log, ct);

        private static IDictionary<string, object?> Map(JsonElement element, string name) =>
            element.TryProperty(name, out var v) && v.ValueKind == JsonValueKind.Object
                ? (IDictionary<string, object?>)JsonValues.ToObject(v)!
                : new JsonDictionary();

        /// <summary>
        /// An event from its JSON: the routing is read in one pass, filling the named fields while it becomes the
        /// <see cref="Event.Routing"/> dictionary (a million-event stream parses a million of these).
        /// </summary>
        public static Event ParseEvent(JsonElement item, Guid oid)
        {
            var parsed = new Event { OrganizationId = oid, Data = Map(item, "event") };
            var routing = new JsonDictionary();
            if (item.TryProperty("routing", out var r) && r.ValueKind == JsonValueKind.Object)
            {
                foreach (var property in r.EnumerateObject())
                {
                    var v = property.Value;
                    routing[property.Name] = JsonValues.ToObject(v);
                    if (v.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined) continue;
                    switch (property.Name)
                    {
                        case "sid": parsed.SensorId = JsonRead.AsGuid(v) ?? Guid.Empty; break;
                        case "oid": parsed.OrganizationId = JsonRead.AsGuid(v) ?? oid; break;
                        case "hostname": parsed.Hostname = JsonRead.AsString(v); break;
                        case "event_type": parsed.EventType = JsonRead.AsString(v); break;
                        case "event_time": parsed.EventTime = JsonTimes.AsTime(v); break;
                        case "event_id": parsed.EventId = JsonRead.AsString(v); break;
                        case "this": parsed.Atom = JsonRead.AsString(v); break;
                        case "parent": parsed.ParentAtom = JsonRead.AsString(v); break;
                    }
                }
            }
            parsed.Routing = routing;
            return parsed;
        }

        public static Detection ParseDetection(JsonElement item, Guid oid)
        {
            var routing = item.TryProperty("routing", out var r) ? r : JsonValues.EmptyObject;
            return new Detection
            {
                DetectionId = item.String("detect_id") ?? string.Empty,
                OrganizationId = routing.Guid("oid") ?? oid,
                Category = item.String("cat"),
                Source = item.String("source"),
                SourceRule = item.String("source_rule"),
                Namespace = item.String("namespace"),
                Author = item.String("author"),
                Time = item.Time("ts"),
                SensorId = routing.Guid("sid"),
                Hostname = routing.String("hostname"),
                EventType = routing.String("event_type"),
                Link = item.String("link"),
                Routing = Map(item, "routing"),
                Detect = Map(item, "detect"),
                Metadata = Map(item, "detect_mtd"),
            };
        }

        public static AuditEntry ParseAudit(JsonElement item, Guid oid)
        {
            var entity = item.TryProperty("entity", out var e) ? e : JsonValues.EmptyObject;
            return new AuditEntry
            {
                OrganizationId = item.Guid("oid") ?? oid,
                // The SDK documents time as milliseconds and ts as a UTC "YYYY-MM-DD HH:MM:SS" string; older entries carry ts only.
                Time = item.Time("time") ?? item.Time("ts"),
                EventType = item.String("etype"),
                Ident = item.String("ident") ?? item.String("origin"),
                Message = item.String("msg"),
                // The SDK documents the sensor acted on inside entity ({sid: ...}); a top-level sid is read when present.
                SensorId = entity.Guid("sid") ?? item.Guid("sid"),
                Entity = Map(item, "entity"),
                Metadata = Map(item, "mtd"),
            };
        }
    }

    public static partial class OrganizationAreas
    {
        extension(LcOrganizationClient organization)
        {
            /// <summary>The retained history: events, detections, the audit log.</summary>
            public InsightApi Insight => new(organization);
        }
    }
}
