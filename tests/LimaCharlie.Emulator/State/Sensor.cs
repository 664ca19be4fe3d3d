using System.Collections.Immutable;

namespace LimaCharlie.Emulator.State;

/// <summary>
/// A sensor of the emulated cloud (immutable snapshot; every change replaces the record). Identifiers are canonical
/// lower-case UUIDs. Tags are kept with their expiry; <see cref="ActiveTags"/> gives the ones visible at a time.
/// </summary>
public sealed record Sensor
{
    public required string Sid { get; init; }

    public required string Oid { get; init; }

    /// <summary>Installation key id the sensor enrolled with.</summary>
    public string Iid { get; init; } = string.Empty;

    /// <summary>Device id.</summary>
    public string Did { get; init; } = string.Empty;

    public string Hostname { get; init; } = string.Empty;

    /// <summary>Platform code (<see cref="SensorPlatforms"/>), e.g. 0x10000000 for Windows.</summary>
    public uint Platform { get; init; } = SensorPlatforms.Windows;

    /// <summary>Extended platform code (same as <see cref="Platform"/> for endpoint sensors).</summary>
    public uint ExtendedPlatform { get; init; } = SensorPlatforms.Windows;

    /// <summary>Architecture code (<see cref="SensorArchitectures"/>), e.g. 2 for x64.</summary>
    public int Architecture { get; init; } = SensorArchitectures.X64;

    public string InternalIp { get; init; } = string.Empty;

    public string ExternalIp { get; init; } = string.Empty;

    public string MacAddress { get; init; } = string.Empty;

    public DateTimeOffset Enrolled { get; init; }

    /// <summary>Last time the sensor was seen by the cloud.</summary>
    public DateTimeOffset Alive { get; init; }

    public bool IsOnline { get; init; }

    public bool IsIsolated { get; init; }

    public bool ShouldIsolate { get; init; }

    public bool IsSealed { get; init; }

    public bool ShouldSeal { get; init; }

    /// <summary>Kernel-level visibility available.</summary>
    public bool Kernel { get; init; }

    /// <summary>Every stored tag by name (ordinal), including expired ones not yet pruned.</summary>
    public ImmutableDictionary<string, SensorTag> Tags { get; init; } = ImmutableDictionary<string, SensorTag>.Empty;

    /// <summary>The tags not expired at <paramref name="now"/>, in tag order.</summary>
    public IEnumerable<SensorTag> ActiveTags(DateTimeOffset now) =>
        Tags.Values.Where(t => t.IsActiveAt(now)).OrderBy(t => t.Tag, StringComparer.Ordinal);

    /// <summary>True when the sensor carries <paramref name="tag"/> (exact name) at <paramref name="now"/>.</summary>
    public bool HasTag(string tag, DateTimeOffset now) => Tags.TryGetValue(tag, out var t) && t.IsActiveAt(now);
}

/// <summary>A tag on a sensor.</summary>
/// <param name="By">Who added it (the caller's key ident, or <c>emulator</c> for seeded tags).</param>
/// <param name="Expires">When a TTL tag disappears; null for a permanent tag.</param>
public sealed record SensorTag(string Tag, string By, DateTimeOffset Added, DateTimeOffset? Expires)
{
    public bool IsActiveAt(DateTimeOffset now) => Expires is null || Expires.Value > now;
}

/// <summary>One task sent to a sensor (<c>POST /v1/{sid}</c>), as recorded by the emulator.</summary>
/// <param name="Seq">Order of recording within the emulator (1, 2, ...).</param>
/// <param name="Command">The command line, verbatim.</param>
/// <param name="IdempotencyKey">The <c>x-idempotent-key</c> header, if any.</param>
/// <param name="By">The caller's key ident.</param>
public sealed record SensorTask(
    long Seq,
    string Oid,
    string Sid,
    string Command,
    string? InvestigationId,
    string? IdempotencyKey,
    string By,
    DateTimeOffset Time);

/// <summary>An installation key of an organization.</summary>
/// <param name="Key">The enrollment secret (long random base64 string).</param>
/// <param name="JsonKey">A JSON document (as a string) holding <c>oid</c>, <c>iid</c> and <c>key</c>.</param>
/// <param name="Ordinal">Creation order within the org (0, 1, ...): even keys report <c>created</c> as a Unix epoch
/// integer, odd ones as a <c>YYYY-MM-DD HH:MM:SS</c> string (both forms exist upstream).</param>
/// <param name="Quota">Maximum enrollments, when set.</param>
public sealed record InstallationKey(
    string Iid,
    string Oid,
    string Description,
    string Key,
    string JsonKey,
    IReadOnlyList<string> Tags,
    DateTimeOffset Created,
    bool UsePublicRootCa,
    long? Quota,
    int Ordinal)
{
    /// <summary>Whether <c>created</c> goes on the wire as an integer (else as a string).</summary>
    public bool CreatedAsEpoch => Ordinal % 2 == 0;
}
