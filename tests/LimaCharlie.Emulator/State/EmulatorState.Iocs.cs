using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Text.RegularExpressions;
using LimaCharlie.Emulator.Infrastructure;

namespace LimaCharlie.Emulator.State;

/// <summary>A sighting of an indicator on a sensor, as seeded through <c>POST /_emu/orgs/{oid}/iocs</c>.</summary>
public sealed record IocSighting(string Type, string Name, string Sid, string Hostname, long FirstSeconds, long LastSeconds);

/// <summary>One sighting in a control request (Unix seconds; hostname defaults to the sensor's).</summary>
public sealed record IocSightingRequest
{
    public string? Type { get; init; }
    public string? Name { get; init; }
    public string? Sid { get; init; }
    public string? Hostname { get; init; }
    public long? First { get; init; }
    public long? Last { get; init; }
}

public sealed record IocSeedRequest
{
    public IReadOnlyList<IocSightingRequest>? Sightings { get; init; }
}

/// <summary>
/// IOC search (limacharlie-api.md §3.12, <c>objects</c>): seeded sightings per org; prevalence over the last N days is
/// the number of distinct sensors whose last sighting falls in the window.
/// </summary>
public sealed partial class EmulatorState
{
    public static readonly IReadOnlyList<string> IocTypes =
        ["user", "domain", "ip", "file_hash", "file_path", "file_name", "service_name", "package_name", "hostname"];

    private readonly ConcurrentDictionary<string, ImmutableList<IocSighting>> _iocs = new(StringComparer.Ordinal);

    public IReadOnlyList<IocSighting> AddIocSightings(string oid, IocSeedRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var store = StoreFor(oid);
        var added = (request.Sightings ?? throw EmulatorException.BadRequest("sightings is required")).Select(s =>
        {
            var type = RequireIocType(s.Type);
            var name = string.IsNullOrEmpty(s.Name) ? throw EmulatorException.BadRequest("name is required") : s.Name;
            if (!Ids.TryNormalizeUuid(s.Sid ?? string.Empty, out var sid))
            {
                throw EmulatorException.BadRequest($"invalid sid: {s.Sid}");
            }

            var first = s.First ?? throw EmulatorException.BadRequest("first is required");
            var last = s.Last ?? first;
            if (last < first)
            {
                throw EmulatorException.BadRequest("last must not be before first");
            }

            var hostname = s.Hostname ?? FindSensor(sid)?.Hostname ?? "unknown-host";
            return new IocSighting(type, name, sid, hostname, first, last);
        }).ToImmutableList();
        _iocs.AddOrUpdate(store.Oid, _ => added, (_, list) => list.AddRange(added));
        return added;
    }

    /// <summary>The sightings of an org whose type is <paramref name="type"/> and whose name matches <paramref name="name"/>.</summary>
    public IReadOnlyList<IocSighting> FindIocSightings(string oid, string type, string name, bool caseSensitive, bool wildcards)
    {
        var store = StoreFor(oid);
        if (!_iocs.TryGetValue(store.Oid, out var list))
        {
            return [];
        }

        var comparison = caseSensitive ? StringComparison.Ordinal : StringComparison.OrdinalIgnoreCase;
        Func<string, bool> matches = wildcards
            ? new Regex("^" + string.Join(".*", name.Split('%').Select(Regex.Escape)) + "$",
                (caseSensitive ? RegexOptions.None : RegexOptions.IgnoreCase) | RegexOptions.Singleline | RegexOptions.CultureInvariant).IsMatch
            : candidate => string.Equals(candidate, name, comparison);
        return list.Where(s => s.Type == type && matches(s.Name)).ToList();
    }

    public static string RequireIocType(string? type) =>
        type is not null && IocTypes.Contains(type, StringComparer.Ordinal)
            ? type
            : throw EmulatorException.BadRequest($"invalid object type '{type}': expected one of {string.Join(", ", IocTypes)}");

    private void ResetIocs() => _iocs.Clear();
}
