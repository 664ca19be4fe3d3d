using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using LimaCharlie.Emulator.Infrastructure;

namespace LimaCharlie.Emulator.State;

/// <summary>
/// How the live stream of an org behaves (<c>POST /_emu/orgs/{oid}/stream</c>): the rate and count of the generated
/// records, and its faults. Absent members take the defaults: 10 records a second, endless, a keep-alive every 60 s.
/// </summary>
public sealed record LiveStreamSettings
{
    /// <summary>Generated records per second and type (0: none, only published records and keep-alives).</summary>
    public double? RatePerSecond { get; init; }

    /// <summary>Generated records of each type in all; after the last only published records and keep-alives follow.</summary>
    public long? Total { get; init; }

    public double? KeepAliveSeconds { get; init; }

    /// <summary>Each connection ends after this many records (generated or published).</summary>
    public long? CutAfterRecords { get; init; }

    /// <summary>Each connection ends this many seconds after it opened.</summary>
    public double? CloseEverySeconds { get; init; }

    /// <summary>A connection ended by <see cref="CutAfterRecords"/> or <see cref="CloseEverySeconds"/> gets half a line and is aborted, rather than closed cleanly.</summary>
    public bool CutMidLine { get; init; }

    /// <summary>A connection that falls more than this many generated records behind skips the excess and says <c>{"__trace":"dropped","n":N}</c>.</summary>
    public long? SlowConsumerLag { get; init; }

    /// <summary>A connection ends when the token it was opened with expires.</summary>
    public bool CloseOnTokenExpiry { get; init; }

    /// <summary>The next this-many connections get <see cref="RefuseLine"/> instead of <c>{"__trace":"connected"}</c> and end.</summary>
    public int RefuseConnections { get; init; }

    public string RefuseLine { get; init; } = "error: failed to create output";

    /// <summary>Lines sent on each connection right after <c>{"__trace":"connected"}</c> (e.g. <c>error: ...</c> warnings, or garbage).</summary>
    public IReadOnlyList<string>? ExtraLines { get; init; }
}

/// <summary>
/// What one closed connection of the live stream carried of the generated records: the sequence numbers of the first and
/// last sent whole (0 when none), how many, and how many were skipped for a slow consumer, by opening time.
/// </summary>
public sealed record LiveSegment(DateTimeOffset Opened, string Type, long First, long Last, long Count, long Dropped);

/// <summary>One open connection of the live stream: its filters, and the records published to it.</summary>
public sealed class LiveSubscriber(string type, string? sid, string? tag, string? category, string? investigationId)
{
    public string Type { get; } = type;
    public string? Sid { get; } = sid;
    public string? Tag { get; } = tag;
    public string? Category { get; } = category;
    public string? InvestigationId { get; } = investigationId;
    public ConcurrentQueue<JsonObject> Published { get; } = new();
    public SemaphoreSlim Signal { get; } = new(0);
}

/// <summary>The live stream of each org (<c>Api/LiveStream.cs</c>): settings, the start of each type's schedule, open connections.</summary>
public sealed partial class EmulatorState
{
    private sealed class LiveOrg
    {
        public LiveStreamSettings Settings = new();
        public readonly ConcurrentDictionary<string, long> StartTicks = new(StringComparer.Ordinal);
        public readonly ConcurrentDictionary<LiveSubscriber, byte> Subscribers = new();
        public int RefusalsLeft;
        public long Connections;
        public long Sent;
        public long Dropped;
        public readonly ConcurrentQueue<LiveSegment> Segments = new();
    }

    private readonly ConcurrentDictionary<string, LiveOrg> _live = new(StringComparer.Ordinal);

    private LiveOrg LiveOf(string oid) => _live.GetOrAdd(StoreFor(oid).Oid, _ => new LiveOrg());

    /// <summary>Replaces the org's stream settings; the generated records of each type start again at 1 with the next connection.</summary>
    public LiveStreamSettings SetLiveStream(string oid, LiveStreamSettings settings)
    {
        if (settings.RatePerSecond is < 0 || settings.Total is < 0 || settings.KeepAliveSeconds is <= 0 || settings.CutAfterRecords is < 1
            || settings.CloseEverySeconds is <= 0 || settings.SlowConsumerLag is < 0 || settings.RefuseConnections < 0)
        {
            throw EmulatorException.BadRequest("stream settings must not be negative (keepAliveSeconds, closeEverySeconds, cutAfterRecords: greater than 0)");
        }

        var live = LiveOf(oid);
        lock (live)
        {
            live.Settings = settings;
            live.StartTicks.Clear();
            live.RefusalsLeft = settings.RefuseConnections;
        }

        return settings;
    }

    public LiveStreamSettings LiveStreamSettingsOf(string oid) => LiveOf(oid).Settings;

    /// <summary>What the org's stream did so far: connections opened, open now, records sent, records dropped for slow consumers.</summary>
    public (long Connections, int Open, long Sent, long Dropped, IReadOnlyList<LiveSegment> Segments) LiveStreamStats(string oid)
    {
        var live = LiveOf(oid);
        return (Interlocked.Read(ref live.Connections), live.Subscribers.Count, Interlocked.Read(ref live.Sent), Interlocked.Read(ref live.Dropped),
            live.Segments.OrderBy(s => s.Opened).ToList());
    }

    /// <summary>
    /// Sends a record to every open connection of the org's live stream of that type whose filters it matches
    /// (<c>routing.sid</c>, the sensor's tags, <c>cat</c>, <c>routing.investigation_id</c>), after what each has
    /// queued; returns how many connections took it. Records published while nobody listens are lost, as on the service.
    /// </summary>
    public int PublishLive(string oid, string type, JsonObject record)
    {
        var live = LiveOf(oid);
        var taken = 0;
        foreach (var subscriber in live.Subscribers.Keys)
        {
            if (subscriber.Type != type || !Matches(oid, subscriber, record))
            {
                continue;
            }

            subscriber.Published.Enqueue((JsonObject)record.DeepClone());
            subscriber.Signal.Release();
            taken++;
        }

        return taken;
    }

    private bool Matches(string oid, LiveSubscriber subscriber, JsonObject record)
    {
        var routing = record["routing"] as JsonObject ?? record["detect"]?["routing"] as JsonObject;
        var sid = routing?["sid"]?.GetValue<string>() ?? (record["entity"] as JsonObject)?["sid"]?.GetValue<string>();
        if (subscriber.Sid is { } wantedSid && !string.Equals(sid, wantedSid, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        if (subscriber.Category is { } cat && record["cat"]?.GetValue<string>() != cat)
        {
            return false;
        }

        if (subscriber.InvestigationId is { } inv && routing?["investigation_id"]?.GetValue<string>() != inv)
        {
            return false;
        }

        if (subscriber.Tag is { } tag)
        {
            var sensor = sid is null ? null : Sensors(oid).FirstOrDefault(s => string.Equals(s.Sid, sid, StringComparison.OrdinalIgnoreCase));
            return sensor is not null && sensor.ActiveTags(Time.GetUtcNow()).Any(t => t.Tag == tag);
        }

        return true;
    }

    /// <summary>Registers a connection: the settings, when its type's schedule started and when it joined (timestamps), or a refusal.</summary>
    internal (LiveStreamSettings Settings, long StartTicks, long JoinedTicks, bool Refuse) OpenLive(string oid, LiveSubscriber subscriber)
    {
        var live = LiveOf(oid);
        lock (live)
        {
            Interlocked.Increment(ref live.Connections);
            if (live.RefusalsLeft > 0)
            {
                live.RefusalsLeft--;
                return (live.Settings, 0, 0, true);
            }

            live.Subscribers[subscriber] = 0;
            var joined = Time.GetTimestamp();
            return (live.Settings, live.StartTicks.GetOrAdd(subscriber.Type, joined), joined, false);
        }
    }

    internal void CloseLive(string oid, LiveSubscriber subscriber, long sent, long dropped, LiveSegment segment)
    {
        var live = LiveOf(oid);
        live.Subscribers.TryRemove(subscriber, out _);
        live.Segments.Enqueue(segment);
        while (live.Segments.Count > 1000 && live.Segments.TryDequeue(out _))
        {
        }

        Interlocked.Add(ref live.Sent, sent);
        Interlocked.Add(ref live.Dropped, dropped);
    }

    /// <summary>
    /// An audit entry on the org's live stream for a change made through the API (a successful POST, PUT, PATCH or DELETE
    /// under <c>/v1/</c> naming the org in its path): etype <c>api_call</c>, the caller's ident, the method and path.
    /// </summary>
    internal void PublishApiAudit(string method, string path, string? ident)
    {
        if (HttpMethods.IsGet(method) || HttpMethods.IsHead(method) || !path.StartsWith("/v1/", StringComparison.Ordinal))
        {
            return;
        }

        foreach (var segment in path.Split('/'))
        {
            if (!Guid.TryParse(segment, out _))
            {
                continue;
            }

            // An org in the path, or a sensor (/v1/{sid}/tags...) of one.
            var oid = segment.ToLowerInvariant();
            var sensor = _live.ContainsKey(oid) ? null : FindSensor(oid);
            if (sensor is not null)
            {
                oid = sensor.Oid;
            }

            if (!_live.TryGetValue(oid, out var live) || live.Subscribers.IsEmpty)
            {
                continue;
            }

            var now = Time.GetUtcNow();
            var entity = new JsonObject { ["method"] = method, ["path"] = path };
            if (sensor is not null)
            {
                entity["sid"] = sensor.Sid;
            }

            PublishLive(oid, "audit", new JsonObject
            {
                ["ts"] = now.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss", System.Globalization.CultureInfo.InvariantCulture),
                ["time"] = now.ToUnixTimeMilliseconds(),
                ["etype"] = "api_call",
                ["ident"] = ident ?? "api",
                ["msg"] = $"{method} {path}",
                ["entity"] = entity,
                ["mtd"] = new JsonObject(),
                ["oid"] = oid,
            });
            return;
        }
    }

    private void ResetLiveStreams() => _live.Clear();
}
