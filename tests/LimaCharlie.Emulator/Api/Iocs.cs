using System.Text.Json;
using LimaCharlie.Emulator.Auth;
using LimaCharlie.Emulator.Infrastructure;
using LimaCharlie.Emulator.State;

namespace LimaCharlie.Emulator.Api;

/// <summary>
/// IOC search (limacharlie-api.md §3.12, <c>objects</c>): prevalence summaries over 1/7/30/365 days and the sensors
/// where an indicator was seen, from the sightings seeded through the control API.
/// </summary>
internal static class IocEndpoints
{
    public const string Permission = "insight.evt.get";
    public const int DefaultLocationLimit = 100;
    public const int MaxLocationLimit = 1000;

    private static readonly (string Field, int Days)[] Windows =
        [("last_1_days", 1), ("last_7_days", 7), ("last_30_days", 30), ("last_365_days", 365)];

    public static IEndpointRouteBuilder MapIocs(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/v1/insight/{oid}/objects/{type}", Single);
        routes.MapPost("/v1/insight/{oid}/objects", Batch);
        return routes;
    }

    /// <summary><c>GET /v1/insight/{oid}/objects/{type}</c>: one indicator (or a <c>%</c> pattern), summary or locations.</summary>
    private static IResult Single(string oid, string type, Caller caller, RequestParams parameters, EmulatorState state)
    {
        var org = caller.AuthorizeOrg(state, oid, Permission);
        type = EmulatorState.RequireIocType(type);
        var name = parameters.GetNonEmpty("name") ?? throw EmulatorException.BadRequest("name is required");
        var info = parameters.GetNonEmpty("info") ?? "summary";
        var caseSensitive = parameters.GetBool("case_sensitive") ?? true;
        var wildcards = parameters.GetBool("with_wildcards") ?? false;
        var sightings = state.FindIocSightings(org.Oid, type, name, caseSensitive, wildcards);
        var answer = new Dictionary<string, object> { ["type"] = type, ["name"] = name, ["from_cache"] = false };
        switch (info)
        {
            case "summary":
                var perObject = parameters.GetBool("per_object") ?? false;
                var now = state.Time.GetUtcNow().ToUnixTimeSeconds();
                foreach (var (field, days) in Windows)
                {
                    var recent = sightings.Where(s => s.LastSeconds >= now - days * 86_400L).ToList();
                    answer[field] = perObject
                        ? recent.GroupBy(s => s.Name, StringComparer.Ordinal).ToDictionary(g => g.Key, g => Prevalence(g))
                        : Prevalence(recent);
                }

                break;
            case "locations":
                var limit = (int)Math.Clamp(parameters.GetInt64("limit") ?? DefaultLocationLimit, 1, MaxLocationLimit);
                foreach (var sensor in sightings.GroupBy(s => s.Sid, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal).Take(limit))
                {
                    answer[sensor.Key] = new Dictionary<string, object>
                    {
                        ["sid"] = sensor.Key,
                        ["hostname"] = sensor.First().Hostname,
                        ["first_ts"] = sensor.Min(s => s.FirstSeconds),
                        ["last_ts"] = sensor.Max(s => s.LastSeconds),
                    };
                }

                break;
            default:
                throw EmulatorException.BadRequest($"invalid info '{info}': expected summary or locations");
        }

        return EmulatorJson.Ok(answer);
    }

    /// <summary>
    /// <c>POST /v1/insight/{oid}/objects</c>: form <c>objects</c> = JSON <c>{type: [names]}</c> →
    /// <c>{from_cache, last_N_days: {type: {name: count}}}</c>; every asked name is present (0 when never seen).
    /// <c>info=locations</c> adds <c>locations: {type: {name: [sid...]}}</c>, at most <c>limit</c> (100, ≤ 1000) sensors
    /// an indicator (the SDK documents a per-indicator capped list of sensor ids; the member's name and shape are a guess).
    /// </summary>
    private static IResult Batch(string oid, Caller caller, RequestParams parameters, EmulatorState state)
    {
        var org = caller.AuthorizeOrg(state, oid, Permission);
        var text = parameters.GetNonEmpty("objects") ?? throw EmulatorException.BadRequest("objects is required");
        Dictionary<string, string[]> objects;
        try
        {
            objects = JsonSerializer.Deserialize<Dictionary<string, string[]>>(text) ?? [];
        }
        catch (JsonException)
        {
            throw EmulatorException.BadRequest("objects must be a JSON object of type to list of names");
        }

        var info = parameters.GetNonEmpty("info") ?? "summary";
        if (info is not ("summary" or "locations"))
        {
            throw EmulatorException.BadRequest($"invalid info '{info}': expected summary or locations");
        }

        var limit = (int)Math.Clamp(parameters.GetInt64("limit") ?? DefaultLocationLimit, 1, MaxLocationLimit);
        var caseSensitive = parameters.GetBool("case_sensitive") ?? true;
        var now = state.Time.GetUtcNow().ToUnixTimeSeconds();
        var answer = new Dictionary<string, object> { ["from_cache"] = false };
        var perWindow = Windows.ToDictionary(w => w.Field, _ => new Dictionary<string, Dictionary<string, int>>(StringComparer.Ordinal));
        var locations = new Dictionary<string, Dictionary<string, string[]>>(StringComparer.Ordinal);
        foreach (var (rawType, names) in objects)
        {
            var type = EmulatorState.RequireIocType(rawType);
            foreach (var name in names ?? [])
            {
                var sightings = state.FindIocSightings(org.Oid, type, name, caseSensitive, wildcards: false);
                foreach (var (field, days) in Windows)
                {
                    var byType = perWindow[field].TryGetValue(type, out var m) ? m : perWindow[field][type] = new Dictionary<string, int>(StringComparer.Ordinal);
                    byType[name] = Prevalence(sightings.Where(s => s.LastSeconds >= now - days * 86_400L));
                }

                if (info == "locations")
                {
                    var sids = locations.TryGetValue(type, out var l) ? l : locations[type] = new Dictionary<string, string[]>(StringComparer.Ordinal);
                    sids[name] = sightings.Select(s => s.Sid).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).Take(limit).ToArray();
                }
            }
        }

        foreach (var (field, value) in perWindow)
        {
            answer[field] = value;
        }

        if (info == "locations")
        {
            answer["locations"] = locations;
        }

        return EmulatorJson.Ok(answer);
    }

    private static int Prevalence(IEnumerable<IocSighting> sightings) => sightings.Select(s => s.Sid).Distinct(StringComparer.Ordinal).Count();
}
