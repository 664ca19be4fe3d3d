using System.Globalization;
using System.Buffers;
using System.Text.Json;
using LimaCharlie.Emulator.Auth;
using LimaCharlie.Emulator.Infrastructure;
using LimaCharlie.Emulator.State;

namespace LimaCharlie.Emulator.Api;

/// <summary>
/// Insight (limacharlie-api.md §3.12): historical events, detections and audit, all generated on the fly from the
/// registrations of <c>EmulatorState.Insight</c>. Time parameters are Unix seconds; listings page with
/// <c>cursor</c> (first <c>-</c>) / <c>next_cursor</c> (<c>""</c> on the last page), <c>limit</c> default 1000
/// clamped to 1..10000, <c>is_compressed=true</c> → the array is a base64-gzip JSON string.
/// </summary>
internal static class InsightEndpoints
{
    public const int DefaultLimit = 1000;
    public const int MaxLimit = 10_000;
    public const int OverviewBuckets = 100;

    private const uint ChildFlag = 0x8000_0000;

    public static IEndpointRouteBuilder MapInsight(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/v1/insight/{oid}", Retention);
        routes.MapGet("/v1/insight/{oid}/detections", DetectionList);
        routes.MapGet("/v1/insight/{oid}/detections/{detectId}", DetectionGet);
        routes.MapGet("/v1/insight/{oid}/audit", AuditList);
        routes.MapGet("/v1/insight/{oid}/{sid}", Events);
        routes.MapGet("/v1/insight/{oid}/{sid}/overview", Overview);
        routes.MapGet("/v1/insight/{oid}/{sid}/{atom}", EventGet);
        routes.MapGet("/v1/insight/{oid}/{sid}/{atom}/children", Children);
        return routes;
    }

    /// <summary><c>GET /v1/insight/{oid}</c>, <c>insight.list</c>: retention config (Insight always enabled).</summary>
    private static IResult Retention(string oid, Caller caller, EmulatorState state)
    {
        var org = caller.AuthorizeOrg(state, oid, "insight.list");
        return EmulatorJson.Ok(new Dictionary<string, object>
        {
            ["insight_bucket"] = $"lc-emulator-{org.Oid}",
            ["retention_days"] = 30,
        });
    }

    // ---- Events ------------------------------------------------------------------------------------------------

    /// <summary><c>GET /v1/insight/{oid}/{sid}</c>, <c>insight.evt.get</c>: <c>{"events": [...]|"b64gzip", "next_cursor"}</c>.</summary>
    private static IResult Events(string oid, string sid, Caller caller, RequestParams parameters, EmulatorState state)
    {
        var (org, sensor) = RequireSensor(caller, state, oid, sid);
        var (startMs, endMs) = TimeRange(parameters);
        var eventType = parameters.GetNonEmpty("event_type")?.Trim();
        var forward = parameters.GetBool("is_forward") ?? false;
        var page = InsightPager.Page(
            state.Telemetry(sensor.Sid), startMs, endMs, forward, Limit(parameters), parameters.Get("cursor"),
            eventType is null ? null : (seg, i) => seg.EventTypeOf(i) == eventType);
        var tags = ActiveTags(state, sensor);
        var array = WriteArray(json =>
        {
            foreach (var (seg, i) in page.Items)
            {
                WriteTelemetry(json, org.Oid, SensorRef.From(sensor), tags, seg, i);
            }
        });
        return Listing("events", array, page.NextCursor, parameters);
    }

    /// <summary><c>GET /v1/insight/{oid}/{sid}/{atom}</c>: <c>{"event": {...}}</c> whose <c>routing.this</c> is the atom.</summary>
    private static IResult EventGet(string oid, string sid, string atom, Caller caller, EmulatorState state)
    {
        var (org, sensor) = RequireSensor(caller, state, oid, sid);
        var tags = ActiveTags(state, sensor);
        var (seg, i, child) = FindAtom(state, sensor.Sid, atom);
        return EmulatorJson.Write(json =>
        {
            json.WriteStartObject();
            json.WritePropertyName("event");
            if (child == 0)
            {
                WriteTelemetry(json, org.Oid, SensorRef.From(sensor), tags, seg, i);
            }
            else
            {
                WriteChild(json, org.Oid, SensorRef.From(sensor), tags, seg, i, child);
            }

            json.WriteEndObject();
        });
    }

    /// <summary>
    /// <c>GET /v1/insight/{oid}/{sid}/{atom}/children</c>: <c>{"events": [...]|"b64gzip"}</c>; a NEW_PROCESS event has two
    /// children (a NEW_PROCESS and a NETWORK_CONNECTIONS, 1 and 2 ms later), other events none.
    /// </summary>
    private static IResult Children(string oid, string sid, string atom, Caller caller, RequestParams parameters, EmulatorState state)
    {
        var (org, sensor) = RequireSensor(caller, state, oid, sid);
        var tags = ActiveTags(state, sensor);
        var (seg, i, child) = FindAtom(state, sensor.Sid, atom);
        var array = WriteArray(json =>
        {
            if (child == 0 && seg.EventTypeOf(i) == "NEW_PROCESS")
            {
                WriteChild(json, org.Oid, SensorRef.From(sensor), tags, seg, i, 1);
                WriteChild(json, org.Oid, SensorRef.From(sensor), tags, seg, i, 2);
            }
        });
        return Listing("events", array, null, parameters);
    }

    /// <summary>
    /// <c>GET /v1/insight/{oid}/{sid}/overview</c>: <c>{"overview": [ms...]}</c>, for each of up to 100 equal buckets of
    /// [start, end) holding events, the time of its newest event, newest first (as the CLI's example shows them:
    /// event times, descending).
    /// </summary>
    private static IResult Overview(string oid, string sid, Caller caller, RequestParams parameters, EmulatorState state)
    {
        var (_, sensor) = RequireSensor(caller, state, oid, sid);
        var (startMs, endMs) = TimeRange(parameters);
        var segments = state.Telemetry(sensor.Sid);
        var width = Math.Max(1, (endMs - startMs + OverviewBuckets - 1) / OverviewBuckets);
        var points = new List<long>();
        for (var b = startMs; b < endMs; b += width)
        {
            var e = Math.Min(endMs, b + width);
            var newest = segments.Where(s => s.LowerBound(b) < s.LowerBound(e)).Select(s => (long?)s.TimeOf(s.LowerBound(e) - 1)).Max();
            if (newest is { } t)
            {
                points.Add(t);
            }
        }

        points.Reverse();
        return EmulatorJson.Ok(new Dictionary<string, object> { ["overview"] = points });
    }

    // ---- Detections --------------------------------------------------------------------------------------------

    /// <summary><c>GET /v1/insight/{oid}/detections</c>, <c>insight.det.get</c>: <c>{"detects": [...]|"b64gzip", "next_cursor"}</c> (descending time).</summary>
    private static IResult DetectionList(string oid, Caller caller, RequestParams parameters, EmulatorState state)
    {
        var org = caller.AuthorizeOrg(state, oid, "insight.det.get");
        var (startMs, endMs) = TimeRange(parameters);
        var cat = parameters.GetNonEmpty("cat")?.Trim();
        var sid = parameters.GetNonEmpty("sid")?.Trim();
        if (sid is not null && Ids.TryNormalizeUuid(sid, out var normalized))
        {
            sid = normalized;
        }

        Func<DetectionSegment, long, bool>? filter = cat is null && sid is null
            ? null
            : (seg, i) => (cat is null || seg.CategoryOf(i) == cat) && (sid is null || seg.SensorOf(i).Sid == sid);
        var forward = parameters.GetBool("is_forward") ?? false;
        var page = InsightPager.Page(state.Detections(org.Oid), startMs, endMs, forward, Limit(parameters), parameters.Get("cursor"), filter);
        var array = WriteArray(json =>
        {
            foreach (var (seg, i) in page.Items)
            {
                WriteDetection(json, seg, i);
            }
        });
        return Listing("detects", array, page.NextCursor, parameters);
    }

    /// <summary><c>GET /v1/insight/{oid}/detections/{detect_id}</c>, <c>insight.det.get</c>: the detection; 404 if unknown.</summary>
    private static IResult DetectionGet(string oid, string detectId, Caller caller, EmulatorState state)
    {
        var org = caller.AuthorizeOrg(state, oid, "insight.det.get");
        var segments = state.Detections(org.Oid);
        if (InsightHash.TryReadLocator(detectId, out var check, out var tag, out var i)
            && tag < segments.Count && segments[(int)tag] is { } seg && (uint)(seg.Key >> 32) == check && i >= 0 && i < seg.Count)
        {
            return EmulatorJson.Write(json => WriteDetection(json, seg, i));
        }

        throw EmulatorException.NotFound("detection not found");
    }

    // ---- Audit -------------------------------------------------------------------------------------------------

    /// <summary><c>GET /v1/insight/{oid}/audit</c>, <c>audit.get</c>: <c>{"events": [...]|"b64gzip", "next_cursor"}</c> (descending time).</summary>
    private static IResult AuditList(string oid, Caller caller, RequestParams parameters, EmulatorState state)
    {
        var org = caller.AuthorizeOrg(state, oid, "audit.get");
        var (startMs, endMs) = TimeRange(parameters);
        var etype = parameters.GetNonEmpty("event_type")?.Trim();
        var sid = parameters.GetNonEmpty("sid")?.Trim();
        if (sid is not null && Ids.TryNormalizeUuid(sid, out var normalized))
        {
            sid = normalized;
        }

        Func<AuditSegment, long, bool>? filter = etype is null && sid is null
            ? null
            : (seg, i) => (etype is null || seg.EventTypeOf(i) == etype) && (sid is null || seg.SensorOf(i)?.Sid == sid);
        var forward = parameters.GetBool("is_forward") ?? false;
        var page = InsightPager.Page(state.Audit(org.Oid), startMs, endMs, forward, Limit(parameters), parameters.Get("cursor"), filter);
        var array = WriteArray(json =>
        {
            foreach (var (seg, i) in page.Items)
            {
                WriteAudit(json, seg, i);
            }
        });
        return Listing("events", array, page.NextCursor, parameters);
    }

    // ---- Helpers -----------------------------------------------------------------------------------------------

    private static (Organization Org, Sensor Sensor) RequireSensor(Caller caller, EmulatorState state, string oid, string sid)
    {
        var org = caller.AuthorizeOrg(state, oid, "insight.evt.get");
        var sensor = state.FindSensor(sid);
        return sensor is not null && sensor.Oid == org.Oid ? (org, sensor) : throw EmulatorState.SensorNotFound();
    }

    private static (TelemetrySegment Segment, long Index, int Child) FindAtom(EmulatorState state, string sid, string atom)
    {
        var segments = state.Telemetry(sid);
        if (InsightHash.TryReadLocator(atom, out var check, out var tag, out var i))
        {
            var child = (tag & ChildFlag) != 0 ? (int)((tag >> 24) & 0x7F) : 0;
            var ordinal = tag & 0x00FF_FFFF;
            if (ordinal < segments.Count && segments[(int)ordinal] is { } seg && (uint)(seg.Key >> 32) == check
                && i >= 0 && i < seg.Count && (child == 0 || (child is 1 or 2 && seg.EventTypeOf(i) == "NEW_PROCESS")))
            {
                return (seg, i, child);
            }
        }

        throw EmulatorException.NotFound("event not found");
    }

    /// <summary>start/end (Unix seconds, required, start ≤ end) as milliseconds.</summary>
    private static (long StartMs, long EndMs) TimeRange(RequestParams parameters)
    {
        var start = parameters.GetInt64("start") ?? throw EmulatorException.BadRequest("start is required");
        var end = parameters.GetInt64("end") ?? throw EmulatorException.BadRequest("end is required");
        if (start < 0 || end > 253_402_300_799L || start > end)
        {
            throw EmulatorException.BadRequest("start must not be after end (Unix seconds)");
        }

        return (start * 1000, end * 1000);
    }

    private static int Limit(RequestParams parameters) =>
        (int)Math.Clamp(parameters.GetInt64("limit") ?? DefaultLimit, 1, MaxLimit);

    internal static string[] ActiveTags(EmulatorState state, Sensor sensor) =>
        sensor.ActiveTags(state.Time.GetUtcNow()).Select(t => t.Tag).ToArray();

    private static byte[] WriteArray(Action<Utf8JsonWriter> items)
    {
        var buffer = new ArrayBufferWriter<byte>(64 * 1024);
        using (var json = new Utf8JsonWriter(buffer, EmulatorJson.WireWriter))
        {
            json.WriteStartArray();
            items(json);
            json.WriteEndArray();
        }

        return buffer.WrittenSpan.ToArray();
    }

    private static IResult Listing(string field, byte[] array, string? nextCursor, RequestParams parameters)
    {
        var compressed = parameters.GetBool("is_compressed") ?? false;
        return EmulatorJson.Write(json =>
        {
            json.WriteStartObject();
            if (compressed)
            {
                json.WriteString(field, SensorViews.Compress(array));
            }
            else
            {
                json.WritePropertyName(field);
                json.WriteRawValue(array, skipInputValidation: true);
            }

            if (nextCursor is not null)
            {
                json.WriteString("next_cursor", nextCursor);
            }

            json.WriteEndObject();
        });
    }

    private static string Atom(ulong key, uint tag, long i) => Convert.ToHexStringLower(InsightHash.Locator(key, tag, i));

    private static string SyntheticAtom(ulong h) => $"{InsightHash.Mix(h ^ 0xA70A):x16}{InsightHash.Mix(h ^ 0xA70B):x16}";

    internal static void WriteTelemetry(Utf8JsonWriter json, string oid, SensorRef sensor, string[] tags, TelemetrySegment seg, long i)
    {
        var h = seg.HashOf(i);
        var type = seg.EventTypeOf(i);
        json.WriteStartObject();
        WriteRouting(json, oid, sensor, tags, type, seg.TimeOf(i), InsightHash.UuidOf(h), Atom(seg.Key, (uint)seg.Ordinal, i), SyntheticAtom(h));
        json.WritePropertyName("event");
        EventBodies.Write(json, type, h, sensor.Platform);
        json.WriteEndObject();
    }

    private static void WriteChild(Utf8JsonWriter json, string oid, SensorRef sensor, string[] tags, TelemetrySegment seg, long i, int child)
    {
        var h = InsightHash.Mix(seg.HashOf(i) ^ (ulong)child);
        var type = child == 1 ? "NEW_PROCESS" : "NETWORK_CONNECTIONS";
        var tag = ChildFlag | ((uint)child << 24) | (uint)seg.Ordinal;
        json.WriteStartObject();
        WriteRouting(json, oid, sensor, tags, type, seg.TimeOf(i) + child, InsightHash.UuidOf(h), Atom(seg.Key, tag, i), Atom(seg.Key, (uint)seg.Ordinal, i));
        json.WritePropertyName("event");
        EventBodies.Write(json, type, h, sensor.Platform);
        json.WriteEndObject();
    }

    private static void WriteRouting(Utf8JsonWriter json, string oid, SensorRef sensor, string[] tags, string type, long timeMs, string eventId, string atom, string parent)
    {
        json.WriteStartObject("routing");
        json.WriteString("sid", sensor.Sid);
        json.WriteString("hostname", sensor.Hostname);
        json.WriteString("event_type", type);
        json.WriteNumber("event_time", timeMs);
        json.WriteString("event_id", eventId);
        json.WriteString("this", atom);
        json.WriteString("parent", parent);
        json.WriteString("oid", oid);
        json.WriteNumber("plat", sensor.Platform);
        json.WriteNumber("arch", sensor.Architecture);
        json.WriteString("int_ip", sensor.InternalIp);
        json.WriteString("ext_ip", sensor.ExternalIp);
        json.WriteStartArray("tags");
        foreach (var tag in tags)
        {
            json.WriteStringValue(tag);
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    internal static void WriteDetection(Utf8JsonWriter json, DetectionSegment seg, long i)
    {
        var h = seg.HashOf(i);
        var cat = seg.CategoryOf(i);
        var sensor = seg.SensorOf(i);
        var ts = seg.TimeOf(i);
        var type = cat switch
        {
            "evil-process" => "NEW_PROCESS",
            "dns-exfil" => "DNS_REQUEST",
            _ => EmulatorState.DefaultTelemetryTypes[(int)((h >> 40) % (ulong)EmulatorState.DefaultTelemetryTypes.Count)],
        };
        var atom = SyntheticAtom(h ^ 0xDE7EC7);
        json.WriteStartObject();
        json.WriteString("detect_id", InsightHash.Uuid(InsightHash.Locator(seg.Key, (uint)seg.Ordinal, i)));
        json.WriteString("cat", cat);
        json.WriteString("source", $"{seg.Oid}.{sensor.Sid}.{InsightHash.UuidOf(InsightHash.Of(seg.Oid) ^ 0x11D)}.{sensor.Platform:x8}.{sensor.Architecture}");
        json.WriteString("source_rule", $"general.{cat}");
        json.WriteString("namespace", "general");
        json.WriteString("author", "emulator@limacharlie.io");
        json.WriteNumber("ts", ts);
        json.WriteStartObject("detect");
        json.WritePropertyName("event");
        EventBodies.Write(json, type, h, sensor.Platform);
        WriteRouting(json, seg.Oid, sensor, [], type, ts, InsightHash.UuidOf(h), atom, SyntheticAtom(h));
        json.WriteEndObject();
        json.WriteStartObject("detect_mtd");
        json.WriteEndObject();
        json.WriteString("link", $"https://app.limacharlie.io/orgs/{seg.Oid}/sensors/{sensor.Sid}/timeline?time={ts / 1000}&selected={atom}");
        WriteRouting(json, seg.Oid, sensor, [], type, ts, InsightHash.UuidOf(h), atom, SyntheticAtom(h));
        json.WriteEndObject();
    }

    private static readonly string[] Idents = ["alice@example.com", "bob@example.com", "ci-deploy", "soc-automation", "carol@example.com"];

    internal static void WriteAudit(Utf8JsonWriter json, AuditSegment seg, long i)
    {
        var h = seg.HashOf(i);
        var etype = seg.EventTypeOf(i);
        var sensor = seg.SensorOf(i);
        var n = (h >> 32) % 50;
        var ident = Idents[(int)((h >> 16) % (ulong)Idents.Length)];
        json.WriteStartObject();
        // The SDK's audit fields (commands/audit.py): ts a UTC "YYYY-MM-DD HH:MM:SS" string, time the milliseconds, msg the text.
        json.WriteString("ts", DateTimeOffset.FromUnixTimeMilliseconds(seg.TimeOf(i)).UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture));
        json.WriteNumber("time", seg.TimeOf(i));
        json.WriteString("etype", etype);
        json.WriteString("ident", ident);
        json.WriteString("msg", AuditMessage(etype, ident, sensor, n));
        json.WriteStartObject("entity");
        switch (etype)
        {
            case "sensor_tagged" or "sensor_untagged":
                WriteSensorEntity(json, sensor);
                json.WriteString("tag", $"tag-{n}");
                break;
            case "sensor_tasked":
                WriteSensorEntity(json, sensor);
                json.WriteString("command", n % 2 == 0 ? "os_processes" : "history_dump");
                break;
            case "rule_set" or "rule_deleted":
                json.WriteString("name", $"rule-{n}");
                json.WriteString("namespace", "general");
                break;
            case "output_created" or "output_deleted":
                json.WriteString("name", $"output-{n}");
                json.WriteString("module", n % 2 == 0 ? "syslog" : "webhook");
                break;
            case "key_created":
                json.WriteString("name", $"key-{n}");
                break;
            case "hive_set":
                json.WriteString("hive", n % 2 == 0 ? "secret" : "lookup");
                json.WriteString("key", $"record-{n}");
                break;
            default:
                json.WriteString("ip", $"198.51.100.{n + 1}");
                break;
        }

        json.WriteEndObject();
        json.WriteStartObject("mtd");
        json.WriteString("request_id", InsightHash.UuidOf(h));
        json.WriteEndObject();
        json.WriteString("oid", seg.Oid);
        json.WriteEndObject();
    }

    private static string AuditMessage(string etype, string ident, SensorRef? sensor, ulong n)
    {
        var host = sensor?.Hostname ?? "an unknown sensor";
        return etype switch
        {
            "sensor_tagged" => $"{ident} added tag 'tag-{n}' to {host}",
            "sensor_untagged" => $"{ident} removed tag 'tag-{n}' from {host}",
            "sensor_tasked" => $"{ident} sent {(n % 2 == 0 ? "os_processes" : "history_dump")} to {host}",
            "rule_set" => $"{ident} set rule general/rule-{n}",
            "rule_deleted" => $"{ident} deleted rule general/rule-{n}",
            "output_created" => $"{ident} created output output-{n}",
            "output_deleted" => $"{ident} deleted output output-{n}",
            "key_created" => $"{ident} created API key key-{n}",
            "hive_set" => $"{ident} set {(n % 2 == 0 ? "secret" : "lookup")}/record-{n}",
            _ => $"{ident}: {etype} from 198.51.100.{n + 1}",
        };
    }

    private static void WriteSensorEntity(Utf8JsonWriter json, SensorRef? sensor)
    {
        if (sensor is not null)
        {
            json.WriteString("sid", sensor.Sid);
            json.WriteString("hostname", sensor.Hostname);
        }
    }
}
