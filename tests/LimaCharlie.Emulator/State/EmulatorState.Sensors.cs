using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using LimaCharlie.Emulator.Infrastructure;

namespace LimaCharlie.Emulator.State;

/// <summary>Sensors, their tags and tasks, and installation keys: one <see cref="SensorStore"/> per org.</summary>
public sealed partial class EmulatorState
{
    /// <summary>Most sensors one seeding call may create.</summary>
    public const int MaxSeedCount = 1_000_000;

    /// <summary>The <c>by</c> of tags put by seeding and the C# API.</summary>
    public const string EmulatorIdent = "emulator";

    private static readonly string[] DefaultSeedPlatforms = ["windows", "linux", "macos"];
    private static readonly int[] ExternalFirstOctets = [34, 35, 52, 54, 104, 198, 203];

    private readonly ConcurrentDictionary<string, SensorStore> _sensorStores = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, SensorStore> _sensorIndex = new(StringComparer.Ordinal);
    private long _taskSeq;

    // ---- Sensors -----------------------------------------------------------------------------------------------

    /// <summary>Creates generated and/or explicit sensors in an org (see <see cref="SensorSeedRequest"/>).</summary>
    public SensorSeedResult SeedSensors(string oid, SensorSeedRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var store = StoreFor(oid);
        var count = request.Count ?? 0;
        if (count < 0 || count > MaxSeedCount)
        {
            throw EmulatorException.BadRequest($"count must be between 0 and {MaxSeedCount}");
        }

        var onlineFraction = Fraction(request.OnlineFraction, 1, "onlineFraction");
        var isolatedFraction = Fraction(request.IsolatedFraction, 0, "isolatedFraction");
        var platforms = (request.Platforms is { Count: > 0 } ? request.Platforms : DefaultSeedPlatforms)
            .Select(p => SensorPlatforms.TryParse(p, out var code) ? code : throw EmulatorException.BadRequest($"unknown platform '{p}'"))
            .ToArray();
        var prefix = string.IsNullOrWhiteSpace(request.HostnamePrefix) ? "host" : request.HostnamePrefix.Trim();
        var iid = NormalizeOptionalUuid(request.Iid, "iid") ?? Ids.NewUuid();
        var explicitSpecs = request.Sensors ?? [];
        var now = Time.GetUtcNow();
        var seedTags = BuildTags(request.Tags ?? [], EmulatorIdent, now, null);

        var explicitSids = ValidateExplicitSids(explicitSpecs);
        var explicitSensors = explicitSpecs
            .Select((spec, i) => FromSpec(spec, explicitSids[i] ?? Ids.NewUuid(), store.Oid, iid, now))
            .ToList();
        var unnamed = explicitSensors.Count(s => s.Hostname.Length == 0);
        var firstNumber = store.ReserveGenerated(count + unnamed);
        var random = new Random(unchecked((request.Seed ?? 1) * 1_000_003 + (int)firstNumber));

        var sensors = new List<Sensor>(count + explicitSpecs.Count);
        var sids = NewUuids(count);
        for (var k = 1; k <= count; k++)
        {
            var number = firstNumber + k - 1;
            var platform = platforms[(k - 1) % platforms.Length];
            var online = Picks(k, onlineFraction);
            var isolated = Picks(k, isolatedFraction);
            var alive = online
                ? now.AddSeconds(-random.Next(0, 120))
                : now.AddSeconds(-random.Next(3600, 30 * 86400));
            sensors.Add(new Sensor
            {
                Sid = sids[k - 1],
                Oid = store.Oid,
                Iid = iid,
                Did = RandomGuid(random),
                Hostname = GeneratedHostname(prefix, number),
                Platform = platform,
                ExtendedPlatform = platform,
                Architecture = RandomArchitecture(platform, random),
                InternalIp = InternalIp(number),
                ExternalIp = string.Create(CultureInfo.InvariantCulture,
                    $"{ExternalFirstOctets[random.Next(ExternalFirstOctets.Length)]}.{random.Next(256)}.{random.Next(256)}.{random.Next(1, 255)}"),
                MacAddress = MacAddress(number),
                Enrolled = alive.AddSeconds(-random.Next(86400, 365 * 86400)),
                Alive = alive,
                IsOnline = online,
                IsIsolated = isolated,
                ShouldIsolate = isolated,
                Kernel = platform != SensorPlatforms.Linux || random.Next(5) != 0,
                Tags = seedTags,
            });
        }

        var nextUnnamed = firstNumber + count;
        foreach (var sensor in explicitSensors)
        {
            sensors.Add(sensor.Hostname.Length > 0 ? sensor : sensor with { Hostname = GeneratedHostname(prefix, nextUnnamed++) });
        }

        Register(store, sensors);
        return new SensorSeedResult(sensors.Count, sensors.Select(s => s.Sid).ToList());
    }

    /// <summary>Adds one sensor described by <paramref name="spec"/> and returns it.</summary>
    public Sensor AddSensor(string oid, SensorSpec spec)
    {
        var result = SeedSensors(oid, new SensorSeedRequest { Sensors = [spec] });
        return FindSensor(result.Sids[0])!;
    }

    /// <summary>The sensors of an org, in SID order (404 if the org is unknown).</summary>
    public IReadOnlyList<Sensor> Sensors(string oid) => StoreFor(oid).All();

    /// <summary>The sensor with this SID (any case), in whatever org; null if unknown.</summary>
    public Sensor? FindSensor(string sid) =>
        Ids.TryNormalizeUuid(sid, out var normalized) && _sensorIndex.TryGetValue(normalized, out var store)
            ? store.Find(normalized)
            : null;

    /// <summary>How many sensors an org has, or how many carry <paramref name="tag"/> now.</summary>
    public int CountSensors(string oid, string? tag = null)
    {
        var store = StoreFor(oid);
        if (tag is null)
        {
            return store.Count;
        }

        var now = Time.GetUtcNow();
        return store.CountWhere(s => s.HasTag(tag, now));
    }

    /// <summary>Changes emulator-side facts of a sensor (online, isolation...); 404 if unknown. A sensor coming online gets its reliable tasks.</summary>
    public Sensor UpdateSensor(string sid, SensorUpdate update)
    {
        ArgumentNullException.ThrowIfNull(update);
        var now = Time.GetUtcNow();
        var wasOnline = FindSensor(sid)?.IsOnline ?? false;
        var updated = UpdateSensor(sid, s => s with
        {
            IsOnline = update.Online ?? s.IsOnline,
            Alive = update.Alive ?? (update.Online == true ? now : s.Alive),
            IsIsolated = update.Isolated ?? s.IsIsolated,
            ShouldIsolate = update.Isolated ?? s.ShouldIsolate,
            IsSealed = update.Sealed ?? s.IsSealed,
            ShouldSeal = update.Sealed ?? s.ShouldSeal,
            Kernel = update.Kernel ?? s.Kernel,
            Hostname = update.Hostname ?? s.Hostname,
            InternalIp = update.IntIp ?? s.InternalIp,
            ExternalIp = update.ExtIp ?? s.ExternalIp,
        });
        if (updated.IsOnline && !wasOnline)
        {
            DeliverReliableTasks(updated);
        }

        return updated;
    }

    /// <summary>Removes a sensor; false if unknown.</summary>
    public bool DeleteSensor(string sid)
    {
        if (!Ids.TryNormalizeUuid(sid, out var normalized) || !_sensorIndex.TryGetValue(normalized, out var store))
        {
            return false;
        }

        var removed = store.Remove(normalized);
        _sensorIndex.TryRemove(new KeyValuePair<string, SensorStore>(normalized, store));
        return removed;
    }

    /// <summary>
    /// Adds (or refreshes) tags on a sensor, optionally expiring after <paramref name="ttl"/>; expired tags are pruned.
    /// 404 if the sensor is unknown.
    /// </summary>
    public Sensor TagSensor(string sid, IEnumerable<string> tags, TimeSpan? ttl = null, string by = EmulatorIdent)
    {
        var now = Time.GetUtcNow();
        var expires = ttl is { } t ? now + t : (DateTimeOffset?)null;
        var added = BuildTags(tags, by, now, expires);
        return UpdateSensor(sid, s => s with { Tags = Prune(s.Tags, now).SetItems(added) });
    }

    /// <summary>Removes tags from a sensor (absent ones are ignored). 404 if the sensor is unknown.</summary>
    public Sensor UntagSensor(string sid, IEnumerable<string> tags)
    {
        var now = Time.GetUtcNow();
        var names = tags.Select(t => t.Trim()).Where(t => t.Length > 0).ToList();
        return UpdateSensor(sid, s => s with { Tags = Prune(s.Tags, now).RemoveRange(names) });
    }

    /// <summary>Sets or clears network isolation (is_isolated and should_isolate). 404 if unknown.</summary>
    public Sensor SetIsolation(string sid, bool isolated) =>
        UpdateSensor(sid, s => s with { IsIsolated = isolated, ShouldIsolate = isolated });

    /// <summary>Seals or unseals a sensor (is_sealed and should_seal). 404 if unknown.</summary>
    public Sensor SetSeal(string sid, bool sealedSensor) =>
        UpdateSensor(sid, s => s with { IsSealed = sealedSensor, ShouldSeal = sealedSensor });

    // ---- Tasks -------------------------------------------------------------------------------------------------

    /// <summary>The tasks sent to an org's sensors, oldest first (404 if the org is unknown).</summary>
    public IReadOnlyList<SensorTask> Tasks(string oid) => StoreFor(oid).Tasks();

    /// <summary>Forgets an org's recorded tasks and idempotency keys.</summary>
    public void ClearTasks(string oid) => StoreFor(oid).ClearTasks();

    /// <summary>
    /// Records one tasking request (one task per command) unless the idempotency key was already used for this
    /// sensor; returns whether it was recorded. 404 if the sensor is unknown.
    /// </summary>
    public bool RecordTasks(string sid, IReadOnlyList<string> commands, string? investigationId, string? idempotencyKey, string by)
    {
        var sensor = FindSensor(sid) ?? throw SensorNotFound();
        var store = StoreFor(sensor.Oid);
        var now = Time.GetUtcNow();
        return store.RecordTasks(sensor.Sid, idempotencyKey, () => commands
            .Select(c => new SensorTask(Interlocked.Increment(ref _taskSeq), sensor.Oid, sensor.Sid, c, investigationId, idempotencyKey, by, now))
            .ToList());
    }

    // ---- Installation keys -------------------------------------------------------------------------------------

    /// <summary>An org's installation keys in creation order (404 if the org is unknown).</summary>
    public IReadOnlyList<InstallationKey> InstallationKeys(string oid) => StoreFor(oid).InstallationKeys();

    public InstallationKey? FindInstallationKey(string oid, string iid) =>
        Ids.TryNormalizeUuid(iid, out var normalized) ? StoreFor(oid).FindInstallationKey(normalized) : null;

    /// <summary>
    /// Creates an installation key, or replaces the one with <see cref="InstallationKeySpec.Iid"/> (keeping its
    /// secret and creation time).
    /// </summary>
    public InstallationKey SetInstallationKey(string oid, InstallationKeySpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        if (spec.Quota is < 0)
        {
            throw EmulatorException.BadRequest("quota must not be negative");
        }

        var store = StoreFor(oid);
        var iid = NormalizeOptionalUuid(spec.Iid, "iid") ?? Ids.NewUuid();
        var tags = (spec.Tags ?? []).Select(t => t.Trim()).Where(t => t.Length > 0).Distinct(StringComparer.Ordinal).ToList();
        var now = Time.GetUtcNow();
        return store.SetInstallationKey(iid, (existing, ordinal) =>
        {
            var secret = existing?.Key ?? Convert.ToBase64String(RandomNumberGenerator.GetBytes(96));
            var jsonKey = existing?.JsonKey ?? JsonSerializer.Serialize(
                new Dictionary<string, string> { ["oid"] = store.Oid, ["iid"] = iid, ["key"] = secret });
            return new InstallationKey(
                iid, store.Oid, spec.Description, secret, jsonKey, tags, existing?.Created ?? now, spec.UsePublicRootCa,
                spec.Quota, ordinal);
        });
    }

    /// <summary>Deletes an installation key; false if unknown.</summary>
    public bool DeleteInstallationKey(string oid, string iid) =>
        Ids.TryNormalizeUuid(iid, out var normalized) && StoreFor(oid).RemoveInstallationKey(normalized);

    /// <summary>How many installation keys an org has (0 for an unknown org).</summary>
    public int InstallationKeyCount(string oid) =>
        Ids.TryNormalizeUuid(oid, out var normalized) && _sensorStores.TryGetValue(normalized, out var store)
            ? store.InstallationKeyCount
            : 0;

    // ---- Internals ---------------------------------------------------------------------------------------------

    /// <summary>The org's store; 400 for a malformed OID, 404 for an unknown org.</summary>
    internal SensorStore StoreFor(string oid)
    {
        if (!Ids.TryNormalizeUuid(oid, out var normalized))
        {
            throw EmulatorException.BadRequest("oid must be a UUID");
        }

        if (_sensorStores.TryGetValue(normalized, out var store))
        {
            return store;
        }

        if (FindOrg(normalized) is null)
        {
            throw EmulatorException.NotFound("organization not found");
        }

        return _sensorStores.GetOrAdd(normalized, key => new SensorStore(key));
    }

    /// <summary>Applies <paramref name="update"/> to a sensor; 404 <c>sensor not found</c> if unknown.</summary>
    internal Sensor UpdateSensor(string sid, Func<Sensor, Sensor> update)
    {
        if (Ids.TryNormalizeUuid(sid, out var normalized) && _sensorIndex.TryGetValue(normalized, out var store)
            && store.Update(normalized, update) is { } updated)
        {
            return updated;
        }

        throw SensorNotFound();
    }

    internal static EmulatorException SensorNotFound() => EmulatorException.NotFound("sensor not found");

    private void ResetSensors()
    {
        _sensorStores.Clear();
        _sensorIndex.Clear();
    }

    /// <summary>Indexes then stores new sensors; 409 (and nothing added) if a SID is taken meanwhile.</summary>
    private void Register(SensorStore store, List<Sensor> sensors)
    {
        for (var i = 0; i < sensors.Count; i++)
        {
            if (!_sensorIndex.TryAdd(sensors[i].Sid, store))
            {
                for (var j = 0; j < i; j++)
                {
                    _sensorIndex.TryRemove(sensors[j].Sid, out _);
                }

                throw EmulatorException.Conflict($"sensor {sensors[i].Sid} already exists");
            }
        }

        store.AddRange(sensors);
    }

    private string?[] ValidateExplicitSids(IReadOnlyList<SensorSpec> specs)
    {
        var sids = new string?[specs.Count];
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < specs.Count; i++)
        {
            if (specs[i] is null)
            {
                throw EmulatorException.BadRequest("sensors must not contain null");
            }

            var sid = NormalizeOptionalUuid(specs[i].Sid, "sid");
            if (sid is not null && (!seen.Add(sid) || _sensorIndex.ContainsKey(sid)))
            {
                throw EmulatorException.Conflict($"sensor {sid} already exists");
            }

            sids[i] = sid;
        }

        return sids;
    }

    /// <summary>An explicit sensor (hostname empty when the spec has none: numbered once the call is validated).</summary>
    private static Sensor FromSpec(SensorSpec spec, string sid, string oid, string iid, DateTimeOffset now)
    {
        var platform = SensorPlatforms.Windows;
        if (spec.Plat is not null && !SensorPlatforms.TryParse(spec.Plat, out platform))
        {
            throw EmulatorException.BadRequest($"unknown platform '{spec.Plat}'");
        }

        var extended = platform;
        if (spec.ExtPlat is not null && !SensorPlatforms.TryParse(spec.ExtPlat, out extended))
        {
            throw EmulatorException.BadRequest($"unknown platform '{spec.ExtPlat}'");
        }

        var arch = platform == SensorPlatforms.MacOs ? SensorArchitectures.Arm64 : SensorArchitectures.X64;
        if (spec.Arch is not null && !SensorArchitectures.TryParse(spec.Arch, out arch))
        {
            throw EmulatorException.BadRequest($"unknown architecture '{spec.Arch}'");
        }

        var online = spec.Online ?? true;
        var alive = spec.Alive ?? (online ? now : now.AddDays(-1));
        var isolated = spec.Isolated ?? false;
        var sealedSensor = spec.Sealed ?? false;
        return new Sensor
        {
            Sid = sid,
            Oid = oid,
            Iid = NormalizeOptionalUuid(spec.Iid, "iid") ?? iid,
            Did = NormalizeOptionalUuid(spec.Did, "did") ?? Ids.NewUuid(),
            Hostname = spec.Hostname?.Trim() ?? string.Empty,
            Platform = platform,
            ExtendedPlatform = extended,
            Architecture = arch,
            InternalIp = spec.IntIp ?? string.Empty,
            ExternalIp = spec.ExtIp ?? string.Empty,
            MacAddress = spec.MacAddr ?? string.Empty,
            Enrolled = spec.Enroll ?? alive.AddDays(-30),
            Alive = alive,
            IsOnline = online,
            IsIsolated = isolated,
            ShouldIsolate = isolated,
            IsSealed = sealedSensor,
            ShouldSeal = sealedSensor,
            Kernel = spec.Kernel ?? true,
            Tags = BuildTags(spec.Tags ?? [], EmulatorIdent, now, null),
        };
    }

    private static ImmutableDictionary<string, SensorTag> BuildTags(IEnumerable<string> tags, string by, DateTimeOffset now, DateTimeOffset? expires)
    {
        var builder = ImmutableDictionary.CreateBuilder<string, SensorTag>(StringComparer.Ordinal);
        foreach (var raw in tags)
        {
            var tag = raw?.Trim();
            if (!string.IsNullOrEmpty(tag))
            {
                builder[tag] = new SensorTag(tag, by, now, expires);
            }
        }

        return builder.ToImmutable();
    }

    private static ImmutableDictionary<string, SensorTag> Prune(ImmutableDictionary<string, SensorTag> tags, DateTimeOffset now)
    {
        foreach (var tag in tags.Values)
        {
            if (!tag.IsActiveAt(now))
            {
                return tags.RemoveRange(tags.Values.Where(t => !t.IsActiveAt(now)).Select(t => t.Tag).ToList());
            }
        }

        return tags;
    }

    private static string? NormalizeOptionalUuid(string? value, string name)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }

        return Ids.TryNormalizeUuid(value, out var normalized) ? normalized : throw EmulatorException.BadRequest($"{name} must be a UUID");
    }

    private static double Fraction(double? value, double fallback, string name)
    {
        var fraction = value ?? fallback;
        return double.IsFinite(fraction) && fraction >= 0 && fraction <= 1
            ? fraction
            : throw EmulatorException.BadRequest($"{name} must be between 0 and 1");
    }

    /// <summary>The k-th (1-based) item is picked when floor(k·f) &gt; floor((k−1)·f): exactly floor(n·f) of n.</summary>
    private static bool Picks(long k, double fraction)
    {
        if (fraction >= 1)
        {
            return true;
        }

        var share = (decimal)fraction;
        return Math.Floor(k * share) > Math.Floor((k - 1) * share);
    }

    private static string GeneratedHostname(string prefix, long number) =>
        string.Create(CultureInfo.InvariantCulture, $"{prefix}-{number:D6}");

    private static string InternalIp(long number) =>
        string.Create(CultureInfo.InvariantCulture, $"10.{(number >> 16) & 255}.{(number >> 8) & 255}.{number & 255}");

    private static string MacAddress(long number) =>
        string.Create(CultureInfo.InvariantCulture,
            $"02:00:{(number >> 24) & 255:x2}:{(number >> 16) & 255:x2}:{(number >> 8) & 255:x2}:{number & 255:x2}");

    /// <summary>
    /// <paramref name="count"/> random version-4 UUIDs from one cryptographic fill (Guid.NewGuid costs a system call
    /// each, a third of the time of seeding 100,000 sensors).
    /// </summary>
    private static string[] NewUuids(int count)
    {
        var bytes = RandomNumberGenerator.GetBytes(count * 16);
        var uuids = new string[count];
        for (var i = 0; i < count; i++)
        {
            var one = bytes.AsSpan(i * 16, 16);
            one[7] = (byte)((one[7] & 0x0F) | 0x40);
            one[8] = (byte)((one[8] & 0x3F) | 0x80);
            uuids[i] = new Guid(one).ToString("D");
        }

        return uuids;
    }

    private static string RandomGuid(Random random)
    {
        Span<byte> bytes = stackalloc byte[16];
        random.NextBytes(bytes);
        return new Guid(bytes).ToString("D");
    }

    private static int RandomArchitecture(uint platform, Random random) => platform switch
    {
        SensorPlatforms.Windows => random.Next(10) == 0 ? SensorArchitectures.X86 : SensorArchitectures.X64,
        SensorPlatforms.Linux => random.Next(4) == 0 ? SensorArchitectures.Arm64 : SensorArchitectures.X64,
        SensorPlatforms.MacOs => random.Next(3) == 0 ? SensorArchitectures.X64 : SensorArchitectures.Arm64,
        SensorPlatforms.Ios or SensorPlatforms.Android => SensorArchitectures.Arm64,
        SensorPlatforms.ChromeOs => SensorArchitectures.Chromium,
        _ => SensorArchitectures.X64,
    };
}
