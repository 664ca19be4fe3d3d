using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using LimaCharlie.Emulator.Auth;
using LimaCharlie.Emulator.Infrastructure;
using LimaCharlie.Emulator.State;

namespace LimaCharlie.Emulator.Api;

/// <summary>
/// The replay service (<c>url.replay</c>, sdk/replay.py): <c>POST /</c> of the services host, Bearer JWT, the JSON
/// request the SDK builds (<c>oid</c>, <c>rule_source</c>, <c>event_source</c>, <c>trace</c>, <c>is_dry_run</c>,
/// <c>limit_event</c>, <c>limit_eval</c>). The rule is the one given or the org's <c>dr-general</c> record named
/// <c>rule_name</c>; the events are the ones given, else the org's generated telemetry in the window. A small subset of
/// D&amp;R is evaluated (<see cref="Matches"/>); the answer has the fields the CLI describes (<c>num_evals</c>,
/// <c>eval_time</c>, <c>num_events</c>, <c>responses</c>, <c>errors</c>, and <c>traces</c> when asked).
/// </summary>
internal static class ReplayEndpoints
{
    /// <summary>Most historical events one replay reads when <c>limit_event</c> is 0.</summary>
    public const long DefaultEventLimit = 100_000;

    public static IEndpointRouteBuilder MapReplay(this IEndpointRouteBuilder routes)
    {
        routes.MapPost(EmulatorPaths.Services + "/", Run);
        return routes;
    }

    private static async Task<IResult> Run(HttpContext context, Caller caller, EmulatorState state)
    {
        var clock = Stopwatch.StartNew();
        var body = await CasesEndpoints.ReadObjectAsync(context);
        var oid = body["oid"]?.GetValueKind() == JsonValueKind.String ? body["oid"]!.GetValue<string>() : throw EmulatorException.BadRequest("oid is required");
        var org = caller.AuthorizeOrg(state, oid, "dr.list");
        var ruleSource = body["rule_source"] as JsonObject ?? throw EmulatorException.BadRequest("rule_source is required");
        var rule = Rule(state, org.Oid, ruleSource);
        var eventSource = body["event_source"] as JsonObject ?? [];
        var limit = body["limit_event"]?.GetValueKind() == JsonValueKind.Number && body["limit_event"]!.GetValue<long>() > 0
            ? body["limit_event"]!.GetValue<long>()
            : DefaultEventLimit;
        var trace = body["trace"]?.GetValueKind() == JsonValueKind.True;
        var dryRun = body["is_dry_run"]?.GetValueKind() == JsonValueKind.True;

        var detect = rule["detect"] as JsonObject ?? throw EmulatorException.BadRequest("the rule has no detect component");
        var respond = rule["respond"] as JsonArray ?? [];
        var errors = new JsonArray();
        var traces = new JsonArray();
        var responses = new JsonArray();
        long count = 0;
        foreach (var item in Events(state, org.Oid, eventSource).Take((int)Math.Min(limit, int.MaxValue)))
        {
            count++;
            var (matched, error) = Matches(detect, item);
            if (error is not null && errors.Count == 0)
            {
                errors.Add(error);
            }

            if (trace)
            {
                traces.Add($"event {count}: {(matched ? "matched" : "no match")}");
            }

            if (!matched || dryRun)
            {
                continue;
            }

            foreach (var action in respond.OfType<JsonObject>())
            {
                responses.Add(new JsonObject
                {
                    ["action"] = action["action"]?.DeepClone(),
                    ["name"] = action["name"]?.DeepClone(),
                    ["routing"] = item["routing"]?.DeepClone(),
                });
            }
        }

        var answer = new JsonObject
        {
            ["num_evals"] = count,
            ["num_events"] = count,
            ["eval_time"] = clock.Elapsed.TotalSeconds,
            ["responses"] = responses,
            ["errors"] = errors,
            ["is_dry_run"] = dryRun,
        };
        if (trace)
        {
            answer["traces"] = traces;
        }

        return EmulatorJson.Ok(answer);
    }

    private static JsonObject Rule(EmulatorState state, string oid, JsonObject source)
    {
        if (source["rule"] is JsonObject given)
        {
            return given;
        }

        var name = source["rule_name"]?.GetValueKind() == JsonValueKind.String ? source["rule_name"]!.GetValue<string>() : null;
        if (string.IsNullOrEmpty(name))
        {
            throw EmulatorException.BadRequest("rule_source needs rule_name or rule");
        }

        var record = state.FindHiveRecord(oid, "dr-general", name) ?? throw EmulatorException.NotFound($"rule not found: {name}");
        return record.Data is { } data && JsonNode.Parse(data.GetRawText()) is JsonObject found
            ? found
            : throw EmulatorException.BadRequest($"rule {name} has no data");
    }

    /// <summary>The events given in <c>event_source.events</c>, else the org's telemetry in the window (by <c>sid</c> when given).</summary>
    private static IEnumerable<JsonObject> Events(EmulatorState state, string oid, JsonObject source)
    {
        if (source["events"] is JsonArray given)
        {
            foreach (var item in given.OfType<JsonObject>())
            {
                yield return item;
            }

            yield break;
        }

        var window = source["sensor_events"] as JsonObject ?? [];
        var start = Seconds(window, "start_time") ?? throw EmulatorException.BadRequest("event_source.sensor_events.start_time is required");
        var end = Seconds(window, "end_time") ?? throw EmulatorException.BadRequest("event_source.sensor_events.end_time is required");
        var sid = window["sid"]?.GetValueKind() == JsonValueKind.String ? window["sid"]!.GetValue<string>() : null;
        foreach (var sensor in state.Sensors(oid).Where(s => sid is null || string.Equals(s.Sid, sid, StringComparison.OrdinalIgnoreCase)))
        {
            foreach (var segment in state.Telemetry(sensor.Sid))
            {
                for (var i = segment.LowerBound(start * 1000); i < segment.Count && segment.TimeOf(i) < end * 1000; i++)
                {
                    yield return new JsonObject
                    {
                        ["routing"] = new JsonObject
                        {
                            ["event_type"] = segment.EventTypeOf(i),
                            ["sid"] = sensor.Sid,
                            ["hostname"] = sensor.Hostname,
                            ["event_time"] = segment.TimeOf(i),
                        },
                        ["event"] = new JsonObject(),
                    };
                }
            }
        }
    }

    private static long? Seconds(JsonObject window, string name) =>
        window[name]?.GetValueKind() == JsonValueKind.Number ? window[name]!.GetValue<long>() : null;

    /// <summary>
    /// The subset of D&amp;R the emulator evaluates: <c>event</c> (the event type in <c>routing.event_type</c>) and the
    /// operators <c>is</c>, <c>contains</c>, <c>starts with</c>, <c>ends with</c> and <c>exists</c> on a <c>path</c>
    /// (case-insensitive unless <c>case sensitive: true</c>). Any other operator is reported in <c>errors</c> and does not match.
    /// </summary>
    internal static (bool Matched, string? Error) Matches(JsonObject detect, JsonObject item)
    {
        var routing = item["routing"] as JsonObject;
        if (detect["event"]?.GetValueKind() == JsonValueKind.String
            && !string.Equals(detect["event"]!.GetValue<string>(), routing?["event_type"]?.ToString(), StringComparison.Ordinal))
        {
            return (false, null);
        }

        if (detect["op"]?.GetValueKind() != JsonValueKind.String)
        {
            return (detect.ContainsKey("event"), detect.ContainsKey("event") ? null : "the detection has neither event nor op");
        }

        var op = detect["op"]!.GetValue<string>();
        var path = detect["path"]?.ToString() ?? string.Empty;
        JsonNode? node = item;
        foreach (var step in path.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            node = (node as JsonObject)?[step];
        }

        if (op == "exists")
        {
            return (node is not null, null);
        }

        var actual = node?.GetValueKind() == JsonValueKind.String ? node.GetValue<string>() : node?.ToJsonString();
        var expected = detect["value"]?.ToString() ?? string.Empty;
        var comparison = detect["case sensitive"]?.GetValueKind() == JsonValueKind.True ? StringComparison.Ordinal : StringComparison.OrdinalIgnoreCase;
        if (actual is null)
        {
            return (false, null);
        }

        return op switch
        {
            "is" => (string.Equals(actual, expected, comparison), null),
            "contains" => (actual.Contains(expected, comparison), null),
            "starts with" => (actual.StartsWith(expected, comparison), null),
            "ends with" => (actual.EndsWith(expected, comparison), null),
            _ => (false, $"operator '{op}' is not evaluated by the emulator"),
        };
    }
}
