using System.Text.Json.Serialization;
using LimaCharlie.Emulator.Infrastructure;

namespace LimaCharlie.Emulator.State;

/// <summary>
/// What <see cref="EmulatorState.SeedSensors"/> creates (also the body of <c>POST /_emu/orgs/{oid}/sensors</c>):
/// <see cref="Count"/> generated sensors and/or the explicit <see cref="Sensors"/>.
/// </summary>
/// <remarks>
/// Generated sensors are numbered per org (1, 2, ... continuing across calls): hostname <c>{prefix}-000001</c>,
/// <c>int_ip</c> 10.x.y.z from the number (distinct up to 16.7 million), MAC from the number. Platforms are dealt
/// round-robin; the online and isolated ones are chosen like fault fractions (the k-th is picked when
/// floor(k·f) &gt; floor((k−1)·f)), so counts are exact. Architecture, kernel, ext_ip and times come from a
/// <see cref="Random"/> seeded with <see cref="Seed"/> and the first number. SIDs are random UUIDs.
/// </remarks>
public sealed record SensorSeedRequest
{
    /// <summary>How many sensors to generate (0 or null: none).</summary>
    public int? Count { get; init; }

    /// <summary>Platforms to deal round-robin (names or codes); default windows, linux, macos.</summary>
    public IReadOnlyList<string>? Platforms { get; init; }

    /// <summary>Share (0..1) of generated sensors that are online; default 1.</summary>
    public double? OnlineFraction { get; init; }

    /// <summary>Share (0..1) of generated sensors that are isolated (is_isolated and should_isolate); default 0.</summary>
    public double? IsolatedFraction { get; init; }

    /// <summary>Tags put on every generated sensor (permanent, by <c>emulator</c>).</summary>
    public IReadOnlyList<string>? Tags { get; init; }

    /// <summary>Hostname prefix of generated sensors; default <c>host</c>.</summary>
    public string? HostnamePrefix { get; init; }

    /// <summary>Seed of the attribute generator; default 1.</summary>
    public int? Seed { get; init; }

    /// <summary>Installation key id of the generated sensors; default one new UUID per call.</summary>
    public string? Iid { get; init; }

    /// <summary>Sensors described one by one.</summary>
    public IReadOnlyList<SensorSpec>? Sensors { get; init; }
}

/// <summary>One explicit sensor of a <see cref="SensorSeedRequest"/>; everything is optional.</summary>
public sealed record SensorSpec
{
    /// <summary>A UUID; default a new one. 409 if any org already has it.</summary>
    public string? Sid { get; init; }

    /// <summary>Default: the next generated hostname.</summary>
    public string? Hostname { get; init; }

    /// <summary>Name (<c>windows</c>) or code; default windows.</summary>
    [JsonConverter(typeof(FlexibleStringConverter))]
    public string? Plat { get; init; }

    /// <summary>Name or code; default the platform.</summary>
    [JsonPropertyName("ext_plat")]
    [JsonConverter(typeof(FlexibleStringConverter))]
    public string? ExtPlat { get; init; }

    /// <summary>Name (<c>x64</c>) or code; default x64 (arm64 for macos).</summary>
    [JsonConverter(typeof(FlexibleStringConverter))]
    public string? Arch { get; init; }

    [JsonPropertyName("int_ip")]
    public string? IntIp { get; init; }

    [JsonPropertyName("ext_ip")]
    public string? ExtIp { get; init; }

    [JsonPropertyName("mac_addr")]
    public string? MacAddr { get; init; }

    public string? Iid { get; init; }

    public string? Did { get; init; }

    public IReadOnlyList<string>? Tags { get; init; }

    /// <summary>Default true.</summary>
    public bool? Online { get; init; }

    /// <summary>Sets both is_isolated and should_isolate; default false.</summary>
    public bool? Isolated { get; init; }

    /// <summary>Sets both is_sealed and should_seal; default false.</summary>
    public bool? Sealed { get; init; }

    /// <summary>Default true.</summary>
    public bool? Kernel { get; init; }

    /// <summary>Last seen; default now (online) or one day ago (offline).</summary>
    public DateTimeOffset? Alive { get; init; }

    /// <summary>Enrollment time; default 30 days before <see cref="Alive"/>.</summary>
    public DateTimeOffset? Enroll { get; init; }
}

/// <summary>What a seeding call created: the count and every SID (generated first, then explicit ones).</summary>
public sealed record SensorSeedResult(int Count, IReadOnlyList<string> Sids);

/// <summary>A change to a sensor's emulator-side state (body of <c>POST /_emu/orgs/{oid}/sensors/{sid}</c>).</summary>
public sealed record SensorUpdate
{
    public bool? Online { get; init; }

    /// <summary>Sets both is_isolated and should_isolate.</summary>
    public bool? Isolated { get; init; }

    /// <summary>Sets both is_sealed and should_seal.</summary>
    public bool? Sealed { get; init; }

    public bool? Kernel { get; init; }

    public DateTimeOffset? Alive { get; init; }

    public string? Hostname { get; init; }

    [JsonPropertyName("int_ip")]
    public string? IntIp { get; init; }

    [JsonPropertyName("ext_ip")]
    public string? ExtIp { get; init; }
}

/// <summary>An installation key to create or replace with <see cref="EmulatorState.SetInstallationKey"/>.</summary>
public sealed record InstallationKeySpec
{
    /// <summary>Replace this key (or create it with this id); default a new UUID.</summary>
    public string? Iid { get; init; }

    public string Description { get; init; } = string.Empty;

    public IReadOnlyList<string>? Tags { get; init; }

    public bool UsePublicRootCa { get; init; }

    public long? Quota { get; init; }
}
