using System.Collections.Concurrent;
using System.Collections.Immutable;
using LimaCharlie.Emulator.Infrastructure;

namespace LimaCharlie.Emulator.State;

/// <summary>
/// Insight (limacharlie-api.md §3.12): generated, never stored, telemetry / detections / audit. Only the
/// registrations (a few numbers each) are kept; records come from (scope, seed, ordinal, index) on demand.
/// </summary>
public sealed partial class EmulatorState
{
    /// <summary>Upper bound of <c>count</c> per registration.</summary>
    public const long MaxInsightCount = 1_000_000_000;

    public static readonly IReadOnlyList<string> DefaultTelemetryTypes = ["NEW_PROCESS", "DNS_REQUEST", "NETWORK_CONNECTIONS", "FILE_CREATE"];

    public static readonly IReadOnlyList<string> DefaultDetectionCategories = ["evil-process", "dns-exfil"];

    private readonly ConcurrentDictionary<string, ImmutableList<TelemetrySegment>> _telemetry = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ImmutableList<DetectionSegment>> _detections = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, ImmutableList<AuditSegment>> _audit = new(StringComparer.Ordinal);

    /// <summary>Registers <c>count</c> events of an existing sensor of the org, evenly spread in [start, end).</summary>
    public TelemetrySegment RegisterTelemetry(string oid, TelemetryRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var store = StoreFor(oid);
        var sensor = FindSensor(request.Sid ?? throw EmulatorException.BadRequest("sid is required"));
        if (sensor is null || sensor.Oid != store.Oid)
        {
            throw SensorNotFound();
        }

        var (count, startMs, endMs) = Span(request.Count, request.Start, request.End);
        var types = Names(request.EventTypes, DefaultTelemetryTypes, "eventTypes");
        var seed = request.Seed ?? 1;
        TelemetrySegment? made = null;
        _telemetry.AddOrUpdate(
            sensor.Sid,
            _ => [made = new TelemetrySegment(0, sensor.Sid, count, startMs, endMs, types, seed, InsightHash.Key(sensor.Sid, seed, 0))],
            (_, list) => list.Add(made = new TelemetrySegment(list.Count, sensor.Sid, count, startMs, endMs, types, seed, InsightHash.Key(sensor.Sid, seed, list.Count))));
        return made!;
    }

    /// <summary>The telemetry registrations of a sensor, oldest first.</summary>
    public IReadOnlyList<TelemetrySegment> Telemetry(string sid) =>
        Ids.TryNormalizeUuid(sid, out var normalized) && _telemetry.TryGetValue(normalized, out var list) ? list : [];

    /// <summary>Generates <c>count</c> detections of the org, evenly spread in [start, end).</summary>
    public DetectionSegment GenerateDetections(string oid, DetectionRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var store = StoreFor(oid);
        var (count, startMs, endMs) = Span(request.Count, request.Start, request.End);
        var categories = Names(request.Categories, DefaultDetectionCategories, "categories");
        var sensors = SensorRefs(store, request.Sids, synthesize: true);
        var seed = request.Seed ?? 1;
        DetectionSegment? made = null;
        _detections.AddOrUpdate(
            store.Oid,
            _ => [made = new DetectionSegment(0, store.Oid, count, startMs, endMs, categories, sensors, InsightHash.Key(store.Oid + "/detect", seed, 0))],
            (_, list) => list.Add(made = new DetectionSegment(list.Count, store.Oid, count, startMs, endMs, categories, sensors, InsightHash.Key(store.Oid + "/detect", seed, list.Count))));
        return made!;
    }

    public IReadOnlyList<DetectionSegment> Detections(string oid) =>
        Ids.TryNormalizeUuid(oid, out var normalized) && _detections.TryGetValue(normalized, out var list) ? list : [];

    /// <summary>Generates <c>count</c> audit entries of the org, evenly spread in [start, end).</summary>
    public AuditSegment GenerateAudit(string oid, AuditRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var store = StoreFor(oid);
        var (count, startMs, endMs) = Span(request.Count, request.Start, request.End);
        var sensors = SensorRefs(store, null, synthesize: false);
        var seed = request.Seed ?? 1;
        AuditSegment? made = null;
        _audit.AddOrUpdate(
            store.Oid,
            _ => [made = new AuditSegment(0, store.Oid, count, startMs, endMs, sensors, InsightHash.Key(store.Oid + "/audit", seed, 0))],
            (_, list) => list.Add(made = new AuditSegment(list.Count, store.Oid, count, startMs, endMs, sensors, InsightHash.Key(store.Oid + "/audit", seed, list.Count))));
        return made!;
    }

    public IReadOnlyList<AuditSegment> Audit(string oid) =>
        Ids.TryNormalizeUuid(oid, out var normalized) && _audit.TryGetValue(normalized, out var list) ? list : [];

    private void ResetInsight()
    {
        _telemetry.Clear();
        _detections.Clear();
        _audit.Clear();
    }

    private static (long Count, long StartMs, long EndMs) Span(long? count, long? start, long? end)
    {
        var n = count ?? throw EmulatorException.BadRequest("count is required");
        if (n < 1 || n > MaxInsightCount)
        {
            throw EmulatorException.BadRequest($"count must be between 1 and {MaxInsightCount}");
        }

        var s = start ?? throw EmulatorException.BadRequest("start is required");
        var e = end ?? throw EmulatorException.BadRequest("end is required");
        if (s < 0 || e <= s || e > 253_402_300_799L)
        {
            throw EmulatorException.BadRequest("start and end must be Unix seconds with start < end");
        }

        return (n, s * 1000, e * 1000);
    }

    private static IReadOnlyList<string> Names(IReadOnlyList<string>? given, IReadOnlyList<string> defaults, string field)
    {
        if (given is null)
        {
            return defaults;
        }

        var names = given.Where(g => !string.IsNullOrWhiteSpace(g)).Select(g => g.Trim()).Distinct(StringComparer.Ordinal).ToArray();
        return names.Length > 0 ? names : throw EmulatorException.BadRequest($"{field} must not be empty");
    }

    private IReadOnlyList<SensorRef> SensorRefs(SensorStore store, IReadOnlyList<string>? sids, bool synthesize)
    {
        if (sids is { Count: > 0 })
        {
            return sids.Select(sid =>
            {
                if (!Ids.TryNormalizeUuid(sid, out var normalized))
                {
                    throw EmulatorException.BadRequest($"invalid sid: {sid}");
                }

                var sensor = FindSensor(normalized);
                return sensor is not null && sensor.Oid == store.Oid
                    ? SensorRef.From(sensor)
                    : new SensorRef(normalized, "unknown-host", SensorPlatforms.Windows, SensorArchitectures.X64, "10.255.0.1", "203.0.113.1");
            }).ToArray();
        }

        var all = store.All().Select(SensorRef.From).ToArray();
        if (all.Length > 0 || !synthesize)
        {
            return all;
        }

        return [new SensorRef(InsightHash.UuidOf(InsightHash.Of(store.Oid)), "detect-host-000001", SensorPlatforms.Windows, SensorArchitectures.X64, "10.255.0.1", "203.0.113.1")];
    }
}
