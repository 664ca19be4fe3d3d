using System.Buffers;
using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using LimaCharlie.Emulator.Auth;
using LimaCharlie.Emulator.Infrastructure;
using LimaCharlie.Emulator.Rules;
using LimaCharlie.Emulator.Selectors;
using LimaCharlie.Emulator.State;

namespace LimaCharlie.Emulator.Api;

/// <summary>
/// The replay service (<c>url.replay</c>, sdk/replay.py, limacharlie-api.md §3.14): <c>POST /</c> of the services host,
/// Bearer JWT, the JSON request the SDK builds (<c>oid</c>, <c>rule_source</c>, <c>event_source</c>, <c>trace</c>,
/// <c>is_dry_run</c>, <c>limit_event</c>, <c>limit_eval</c>). The rule is the one given or the org's record named
/// <c>rule_name</c> (in <c>dr-&lt;namespace&gt;</c>); the events are the ones given, else the org's stored telemetry in the
/// window (by <c>sid</c>, <c>sids</c> or <c>selector</c>). Rules run through <see cref="DetectionEngine"/> and
/// <see cref="ResponseActions"/>; the answer carries the service's fields (<c>error</c>, <c>did_match</c>,
/// <c>results</c>, <c>stats</c>, <c>traces</c>) and those the CLI describes (<c>num_evals</c>, <c>num_events</c>,
/// <c>eval_time</c>, <c>responses</c>, <c>errors</c>).
/// </summary>
internal static class ReplayEndpoints
{
    /// <summary>Most historical events one replay reads when <c>limit_event</c> is 0.</summary>
    public const long DefaultEventLimit = 10_000_000;

    /// <summary>Events traced at most (a trace of every event of a long replay would be larger than its answer should be).</summary>
    public const int MaxTracedEvents = 1_000;

    /// <summary>Price of one historical event (a guess: 1 USD per million; inline events are free).</summary>
    public const decimal PricePerEvent = 0.000001m;

    /// <summary>Bytes counted per historical event in <c>n_bytes_scan</c> of a dry run (a guess).</summary>
    public const long BytesPerEvent = 600;

    public static IEndpointRouteBuilder MapReplay(this IEndpointRouteBuilder routes)
    {
        routes.MapPost(EmulatorPaths.Services + "/", Replay);
        return routes;
    }

    private static async Task<IResult> Replay(HttpContext context, Caller caller, EmulatorState state)
    {
        var clock = Stopwatch.StartNew();
        var body = await CasesEndpoints.ReadObjectAsync(context);
        var oid = body["oid"]?.GetValueKind() == JsonValueKind.String ? body["oid"]!.GetValue<string>() : throw EmulatorException.BadRequest("oid is required");
        var org = caller.AuthorizeOrg(state, oid, "dr.list");
        var ruleSource = body["rule_source"] as JsonObject ?? throw EmulatorException.BadRequest("rule_source is required");
        var rule = Rule(state, org.Oid, ruleSource);
        var eventSource = body["event_source"] as JsonObject ?? [];
        var eventLimit = Limit(body, "limit_event") ?? DefaultEventLimit;
        var evalLimit = Limit(body, "limit_eval");
        var trace = body["trace"]?.GetValueKind() == JsonValueKind.True;
        var dryRun = body["is_dry_run"]?.GetValueKind() == JsonValueKind.True;
        var inline = eventSource["events"] is JsonArray;

        try
        {
            DetectionEngine.Validate(rule["detect"]);
            ResponseActions.Validate(rule["respond"] ?? new JsonArray());
        }
        catch (RuleCompileException e)
        {
            return EmulatorJson.Ok(Answer(new Run(dryRun, inline), clock, trace, $"invalid rule: {e.Message}"));
        }

        var run = new Run(dryRun, inline);
        var detect = (JsonObject)rule["detect"]!;
        var respond = rule["respond"] as JsonArray ?? [];
        var evaluation = new EvaluationContext(trace);
        if (dryRun)
        {
            run.Scanned = inline ? ((JsonArray)eventSource["events"]!).Count : Math.Min(eventLimit, CountHistory(state, org.Oid, eventSource, run));
        }
        else
        {
            foreach (var item in Events(state, org.Oid, eventSource, run))
            {
                if (run.Scanned >= eventLimit || (evalLimit is { } most && evaluation.Evaluations >= most))
                {
                    run.Stopped = run.Scanned >= eventLimit ? "limit_event" : "limit_eval";
                    break;
                }

                run.Scanned++;
                var matched = DetectionEngine.Evaluate(detect, item, evaluation);
                if (trace && run.Traces.Count < MaxTracedEvents)
                {
                    var lines = evaluation.TakeTrace();
                    lines.Insert(0, $"event {run.Scanned} ({item["routing"]?["event_type"]?.ToString() ?? "no event type"}): {(matched ? "matched" : "no match")}");
                    run.Traces.Add(lines);
                }

                if (!matched)
                {
                    continue;
                }

                run.Matched++;
                foreach (var result in ResponseActions.Record(respond, item))
                {
                    run.Results.Add(result);
                }
            }
        }

        run.Evaluations = evaluation.Evaluations;
        run.Notes.AddRange(evaluation.Notes);
        if (run.Stopped is not null)
        {
            run.Notes.Add($"stopped at {run.Stopped} after {run.Scanned} events");
        }

        return EmulatorJson.Ok(Answer(run, clock, trace, null));
    }

    private static long? Limit(JsonObject body, string name) =>
        body[name]?.GetValueKind() == JsonValueKind.Number && body[name]!.GetValue<long>() > 0 ? body[name]!.GetValue<long>() : null;

    private static JsonObject Answer(Run run, Stopwatch clock, bool trace, string? error)
    {
        var billed = run.Inline ? 0 : run.Scanned;
        var seconds = clock.Elapsed.TotalSeconds;
        var errors = new JsonArray();
        if (error is not null)
        {
            errors.Add(error);
        }

        foreach (var note in run.Notes)
        {
            errors.Add(note);
        }

        var answer = new JsonObject
        {
            ["error"] = error ?? string.Empty,
            ["did_match"] = run.Matched > 0,
            ["is_dry_run"] = run.DryRun,
            ["results"] = new JsonArray(run.Results.Select(r => (JsonNode)r).ToArray()),
            ["stats"] = new JsonObject
            {
                ["n_scan"] = run.Scanned,
                ["n_bytes_scan"] = run.Scanned * BytesPerEvent,
                ["n_proc"] = run.DryRun ? 0 : run.Scanned,
                ["n_matched"] = run.Matched,
                ["n_shard"] = run.Shards,
                ["n_eval"] = run.Evaluations,
                ["wall_time"] = seconds,
                ["cummulative_time"] = seconds,
                ["n_batch_access"] = run.Batches,
                ["n_billed"] = billed,
                ["n_free"] = run.Scanned - billed,
                ["estimated_price"] = new JsonObject { ["value"] = billed * PricePerEvent, ["currency"] = "USD" },
            },
            ["num_evals"] = run.Evaluations,
            ["num_events"] = run.Scanned,
            ["eval_time"] = seconds,
            ["responses"] = new JsonArray(run.Results.Select(r => (JsonNode)new JsonObject
            {
                ["action"] = r["action"]!.DeepClone(),
                ["name"] = r["data"]!["name"]?.DeepClone(),
                ["routing"] = r["data"]!["routing"]?.DeepClone(),
            }).ToArray()),
            ["errors"] = errors,
        };
        if (trace)
        {
            answer["traces"] = new JsonArray(run.Traces.Select(t => (JsonNode)t).ToArray());
        }

        return answer;
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

        var ns = source["namespace"]?.GetValueKind() == JsonValueKind.String && source["namespace"]!.GetValue<string>() is { Length: > 0 } given2 ? given2 : "general";
        var record = state.FindHiveRecord(oid, "dr-" + ns, name) ?? throw EmulatorException.NotFound($"rule not found: {name}");
        return record.Data is { } data && JsonNode.Parse(data.GetRawText()) is JsonObject found
            ? found
            : throw EmulatorException.BadRequest($"rule {name} has no data");
    }

    /// <summary>The events given in <c>event_source.events</c>, else the org's stored telemetry in the window, oldest first per sensor.</summary>
    private static IEnumerable<JsonObject> Events(EmulatorState state, string oid, JsonObject source, Run run)
    {
        if (source["events"] is JsonArray given)
        {
            foreach (var item in given.OfType<JsonObject>())
            {
                yield return item;
            }

            yield break;
        }

        var (sensors, startMs, endMs) = History(state, oid, source);
        var buffer = new ArrayBufferWriter<byte>(4096);
        foreach (var sensor in sensors)
        {
            run.Shards++;
            var tags = InsightEndpoints.ActiveTags(state, sensor);
            var identity = SensorRef.From(sensor);
            foreach (var segment in state.Telemetry(sensor.Sid))
            {
                run.Batches++;
                for (var i = segment.LowerBound(startMs); i < segment.Count && segment.TimeOf(i) < endMs; i++)
                {
                    buffer.ResetWrittenCount();
                    using (var json = new Utf8JsonWriter(buffer))
                    {
                        InsightEndpoints.WriteTelemetry(json, oid, identity, tags, segment, i);
                    }

                    yield return (JsonObject)JsonNode.Parse(buffer.WrittenSpan)!;
                }
            }
        }
    }

    private static long CountHistory(EmulatorState state, string oid, JsonObject source, Run run)
    {
        var (sensors, startMs, endMs) = History(state, oid, source);
        long count = 0;
        foreach (var sensor in sensors)
        {
            run.Shards++;
            foreach (var segment in state.Telemetry(sensor.Sid))
            {
                run.Batches++;
                count += Math.Max(0, segment.LowerBound(endMs) - segment.LowerBound(startMs));
            }
        }

        return count;
    }

    private static (IReadOnlyList<Sensor> Sensors, long StartMs, long EndMs) History(EmulatorState state, string oid, JsonObject source)
    {
        var window = source["sensor_events"] as JsonObject ?? [];
        var start = Seconds(window, "start_time") ?? throw EmulatorException.BadRequest("event_source.sensor_events.start_time is required");
        var end = Seconds(window, "end_time") ?? throw EmulatorException.BadRequest("event_source.sensor_events.end_time is required");
        var sids = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        if (window["sid"]?.GetValueKind() == JsonValueKind.String && window["sid"]!.GetValue<string>() is { Length: > 0 } sid)
        {
            sids.Add(sid);
        }

        foreach (var item in (window["sids"] as JsonArray ?? []).Where(s => s?.GetValueKind() == JsonValueKind.String))
        {
            sids.Add(item!.GetValue<string>());
        }

        var selector = window["selector"]?.GetValueKind() == JsonValueKind.String && window["selector"]!.GetValue<string>() is { Length: > 0 } text
            ? SensorSelector.Parse(text)
            : null;
        var now = state.Time.GetUtcNow();
        var sensors = state.Sensors(oid)
            .Where(s => (sids.Count == 0 || sids.Contains(s.Sid)) && (selector is null || selector.Matches(s, now)))
            .OrderBy(s => s.Sid, StringComparer.Ordinal)
            .ToList();
        return (sensors, start * 1000, end * 1000);
    }

    private static long? Seconds(JsonObject window, string name) =>
        window[name]?.GetValueKind() == JsonValueKind.Number ? window[name]!.GetValue<long>() : null;

    private sealed class Run(bool dryRun, bool inline)
    {
        public bool DryRun { get; } = dryRun;

        public bool Inline { get; } = inline;

        public long Scanned { get; set; }

        public long Matched { get; set; }

        public long Evaluations { get; set; }

        public long Shards { get; set; }

        public long Batches { get; set; }

        public string? Stopped { get; set; }

        public List<JsonObject> Results { get; } = [];

        public List<JsonArray> Traces { get; } = [];

        public List<string> Notes { get; } = [];
    }
}
