using System.Text;
using LimaCharlie.Emulator.Infrastructure;

namespace LimaCharlie.Emulator.State;

/// <summary>Body of <c>POST /_emu/orgs/{oid}/telemetry</c> / <see cref="EmulatorState.RegisterTelemetry"/>.</summary>
public sealed record TelemetryRequest
{
    public string? Sid { get; init; }

    public long? Count { get; init; }

    /// <summary>Unix seconds (inclusive).</summary>
    public long? Start { get; init; }

    /// <summary>Unix seconds (exclusive).</summary>
    public long? End { get; init; }

    /// <summary>Default NEW_PROCESS, DNS_REQUEST, NETWORK_CONNECTIONS, FILE_CREATE.</summary>
    public IReadOnlyList<string>? EventTypes { get; init; }

    public int? Seed { get; init; }
}

/// <summary>Body of <c>POST /_emu/orgs/{oid}/detections</c> / <see cref="EmulatorState.GenerateDetections"/>.</summary>
public sealed record DetectionRequest
{
    public long? Count { get; init; }

    public long? Start { get; init; }

    public long? End { get; init; }

    /// <summary>Default evil-process, dns-exfil.</summary>
    public IReadOnlyList<string>? Categories { get; init; }

    /// <summary>Default: every sensor of the org at generation time (one synthetic sensor if the org has none).</summary>
    public IReadOnlyList<string>? Sids { get; init; }

    public int? Seed { get; init; }
}

/// <summary>Body of <c>POST /_emu/orgs/{oid}/audit</c> / <see cref="EmulatorState.GenerateAudit"/>.</summary>
public sealed record AuditRequest
{
    public long? Count { get; init; }

    public long? Start { get; init; }

    public long? End { get; init; }

    public int? Seed { get; init; }
}

/// <summary>Sensor identity as copied into generated records.</summary>
public sealed record SensorRef(string Sid, string Hostname, uint Platform, int Architecture, string InternalIp, string ExternalIp)
{
    public static SensorRef From(Sensor s) => new(s.Sid, s.Hostname, s.Platform, s.Architecture, s.InternalIp, s.ExternalIp);
}

/// <summary>
/// A registration of generated Insight records: <see cref="Count"/> records, record i at
/// <c>StartMs + floor(i·(EndMs−StartMs)/Count)</c> (non-decreasing in i); contents derive from <see cref="Key"/> and i.
/// </summary>
public abstract record InsightSegment(int Ordinal, long Count, long StartMs, long EndMs, ulong Key)
{
    public long TimeOf(long i) => StartMs + (long)((Int128)i * (EndMs - StartMs) / Count);

    /// <summary>First index whose time is ≥ <paramref name="ms"/> (Count when none).</summary>
    public long LowerBound(long ms)
    {
        long lo = 0, hi = Count;
        while (lo < hi)
        {
            var mid = lo + ((hi - lo) / 2);
            if (TimeOf(mid) >= ms)
            {
                hi = mid;
            }
            else
            {
                lo = mid + 1;
            }
        }

        return lo;
    }

    /// <summary>The 64-bit hash of record i (all of its generated content comes from it).</summary>
    public ulong HashOf(long i) => InsightHash.Mix(Key + ((ulong)i * 0x9E3779B97F4A7C15UL));
}

/// <summary>Telemetry of one sensor (<see cref="EmulatorState.RegisterTelemetry"/>).</summary>
public sealed record TelemetrySegment(int Ordinal, string Sid, long Count, long StartMs, long EndMs, IReadOnlyList<string> EventTypes, int Seed, ulong Key)
    : InsightSegment(Ordinal, Count, StartMs, EndMs, Key)
{
    public string EventTypeOf(long i) => EventTypes[(int)((HashOf(i) >> 48) % (ulong)EventTypes.Count)];
}

/// <summary>Detections of an org (<see cref="EmulatorState.GenerateDetections"/>).</summary>
public sealed record DetectionSegment(int Ordinal, string Oid, long Count, long StartMs, long EndMs, IReadOnlyList<string> Categories, IReadOnlyList<SensorRef> Sensors, ulong Key)
    : InsightSegment(Ordinal, Count, StartMs, EndMs, Key)
{
    public string CategoryOf(long i) => Categories[(int)((HashOf(i) >> 8) % (ulong)Categories.Count)];

    public SensorRef SensorOf(long i) => Sensors[(int)((HashOf(i) >> 24) % (ulong)Sensors.Count)];
}

/// <summary>Audit entries of an org (<see cref="EmulatorState.GenerateAudit"/>).</summary>
public sealed record AuditSegment(int Ordinal, string Oid, long Count, long StartMs, long EndMs, IReadOnlyList<SensorRef> Sensors, ulong Key)
    : InsightSegment(Ordinal, Count, StartMs, EndMs, Key)
{
    public static readonly string[] EventTypes =
    [
        "sensor_tagged", "sensor_untagged", "sensor_tasked", "rule_set", "rule_deleted", "output_created",
        "output_deleted", "key_created", "hive_set", "user_login",
    ];

    public string EventTypeOf(long i) => EventTypes[(int)((HashOf(i) >> 8) % (ulong)EventTypes.Length)];

    /// <summary>The sensor of sensor_* entries (null for the others or when the org had no sensors).</summary>
    public SensorRef? SensorOf(long i) =>
        Sensors.Count > 0 && EventTypeOf(i).StartsWith("sensor_", StringComparison.Ordinal)
            ? Sensors[(int)((HashOf(i) >> 24) % (ulong)Sensors.Count)]
            : null;
}

/// <summary>Deterministic hashing (splitmix64 / FNV-1a) for generated content.</summary>
public static class InsightHash
{
    public static ulong Mix(ulong x)
    {
        x += 0x9E3779B97F4A7C15UL;
        x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9UL;
        x = (x ^ (x >> 27)) * 0x94D049BB133111EBUL;
        return x ^ (x >> 31);
    }

    public static ulong Of(string text)
    {
        var h = 0xCBF29CE484222325UL;
        foreach (var c in text)
        {
            h = (h ^ c) * 0x100000001B3UL;
        }

        return Mix(h);
    }

    /// <summary>The segment key from its scope (sid/oid + kind), seed and ordinal.</summary>
    public static ulong Key(string scope, int seed, int ordinal) =>
        Mix(Of(scope) ^ Mix((ulong)(uint)seed) ^ Mix(0xA5A5_0000UL + (ulong)ordinal));

    /// <summary>16 bytes: 4 check bytes from the key, the 4-byte tag (ordinal), the 8-byte index (big-endian).</summary>
    public static byte[] Locator(ulong key, uint tag, long index)
    {
        var bytes = new byte[16];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(bytes, (uint)(key >> 32));
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(4), tag);
        System.Buffers.Binary.BinaryPrimitives.WriteInt64BigEndian(bytes.AsSpan(8), index);
        return bytes;
    }

    /// <summary>Reads a <see cref="Locator"/> from 32 hex digits or a UUID.</summary>
    public static bool TryReadLocator(string text, out uint check, out uint tag, out long index)
    {
        check = tag = 0;
        index = 0;
        var hex = text.Replace("-", string.Empty, StringComparison.Ordinal);
        if (hex.Length != 32)
        {
            return false;
        }

        byte[] bytes;
        try
        {
            bytes = Convert.FromHexString(hex);
        }
        catch (FormatException)
        {
            return false;
        }

        check = System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(bytes);
        tag = System.Buffers.Binary.BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(4));
        index = System.Buffers.Binary.BinaryPrimitives.ReadInt64BigEndian(bytes.AsSpan(8));
        return true;
    }

    public static string Uuid(byte[] bytes)
    {
        var hex = Convert.ToHexStringLower(bytes);
        return $"{hex[..8]}-{hex[8..12]}-{hex[12..16]}-{hex[16..20]}-{hex[20..]}";
    }

    /// <summary>A UUID derived from a hash (not a locator).</summary>
    public static string UuidOf(ulong h)
    {
        var bytes = new byte[16];
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64BigEndian(bytes, Mix(h));
        System.Buffers.Binary.BinaryPrimitives.WriteUInt64BigEndian(bytes.AsSpan(8), Mix(h ^ 0x5555UL));
        return Uuid(bytes);
    }
}

/// <summary>One page of a merged, time-ordered listing over several segments.</summary>
public sealed record InsightPage<T>(IReadOnlyList<(T Segment, long Index)> Items, string NextCursor)
    where T : InsightSegment;

/// <summary>
/// Cursor paging over generated segments: records in [start, end) ordered by (time, ordinal, index), ascending or
/// descending. The cursor (opaque: base64url of <c>c1.</c> + the next position in every segment) makes pages stable.
/// </summary>
public static class InsightPager
{
    public static InsightPage<T> Page<T>(IReadOnlyList<T> segments, long startMs, long endMs, bool forward, int limit, string? cursor, Func<T, long, bool>? filter)
        where T : InsightSegment
    {
        var n = segments.Count;
        var lo = new long[n];
        var hi = new long[n];
        var pos = new long[n];
        var decoded = DecodeCursor(cursor);
        for (var k = 0; k < n; k++)
        {
            lo[k] = segments[k].LowerBound(startMs);
            hi[k] = Math.Max(lo[k], segments[k].LowerBound(endMs));
            pos[k] = decoded is not null && k < decoded.Length ? Math.Clamp(decoded[k], lo[k], hi[k]) : forward ? lo[k] : hi[k];
        }

        // cand[k]: the next matching index of segment k, or -1.
        var cand = new long[n];
        for (var k = 0; k < n; k++)
        {
            cand[k] = Next(segments[k], k);
        }

        var items = new List<(T, long)>(Math.Min(limit, 16384));
        while (items.Count < limit)
        {
            var best = -1;
            long bestTime = 0;
            for (var k = 0; k < n; k++)
            {
                if (cand[k] < 0)
                {
                    continue;
                }

                var t = segments[k].TimeOf(cand[k]);
                if (best < 0 || (forward ? t < bestTime : t >= bestTime))
                {
                    best = k;
                    bestTime = t;
                }
            }

            if (best < 0)
            {
                break;
            }

            items.Add((segments[best], cand[best]));
            pos[best] = forward ? cand[best] + 1 : cand[best];
            cand[best] = Next(segments[best], best);
        }

        var more = cand.Any(c => c >= 0);
        return new InsightPage<T>(items, more ? EncodeCursor(pos) : string.Empty);

        long Next(T segment, int k)
        {
            if (forward)
            {
                for (var i = pos[k]; i < hi[k]; i++)
                {
                    if (filter is null || filter(segment, i))
                    {
                        pos[k] = i;
                        return i;
                    }
                }

                pos[k] = hi[k];
            }
            else
            {
                for (var i = pos[k] - 1; i >= lo[k]; i--)
                {
                    if (filter is null || filter(segment, i))
                    {
                        pos[k] = i + 1;
                        return i;
                    }
                }

                pos[k] = lo[k];
            }

            return -1;
        }
    }

    private static string EncodeCursor(long[] positions)
    {
        var text = "c1." + string.Join('.', positions);
        return Convert.ToBase64String(Encoding.ASCII.GetBytes(text)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
    }

    private static long[]? DecodeCursor(string? cursor)
    {
        if (string.IsNullOrWhiteSpace(cursor) || cursor.Trim() == "-")
        {
            return null;
        }

        try
        {
            var b64 = cursor.Trim().Replace('-', '+').Replace('_', '/');
            b64 = b64.PadRight(b64.Length + ((4 - (b64.Length % 4)) % 4), '=');
            var text = Encoding.ASCII.GetString(Convert.FromBase64String(b64));
            if (!text.StartsWith("c1.", StringComparison.Ordinal))
            {
                throw new FormatException();
            }

            return text[3..].Split('.', StringSplitOptions.RemoveEmptyEntries).Select(long.Parse).ToArray();
        }
        catch (Exception ex) when (ex is FormatException or OverflowException)
        {
            throw EmulatorException.BadRequest($"invalid cursor: {cursor}");
        }
    }
}
