using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Net.Http;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using LimaCharlie.Client.Auth;
using LimaCharlie.Client.Http;
using LimaCharlie.Client.Json;

namespace LimaCharlie.Client.Api
{
    /// <summary>
    /// One replay: a rule (the org's, by name, or given whole) over events given inline or the org's stored events in a
    /// window (all sensors, one, or those of a selector).
    /// </summary>
    public sealed class ReplayRequest
    {
        /// <summary>The name shown in the result (the org's rule name when <see cref="Rule"/> is null).</summary>
        public string RuleName { get; set; } = string.Empty;
        /// <summary>The rule (<c>detect</c>, <c>respond</c>); null to replay the org's rule named <see cref="RuleName"/>.</summary>
        public JsonObject? Rule { get; set; }
        /// <summary>The namespace of the org's rule: general, managed or service.</summary>
        public string Namespace { get; set; } = "general";
        /// <summary>Events to evaluate (<c>{"routing", "event"}</c>); null to read the org's stored events.</summary>
        public IReadOnlyList<JsonObject>? Events { get; set; }
        public DateTimeOffset Start { get; set; }
        public DateTimeOffset End { get; set; }
        public Guid? SensorId { get; set; }
        public string? Selector { get; set; }
        public string Stream { get; set; } = "event";
        public bool Trace { get; set; }
        public bool DryRun { get; set; }
        /// <summary>Most events to read; 0 = the service's default.</summary>
        public long EventLimit { get; set; }
        /// <summary>Most operator evaluations; 0 = the service's default.</summary>
        public long EvaluationLimit { get; set; }
    }

    /// <summary>
    /// The organization's replay service (reference §3.14, sdk/replay.py): the host is <c>url.replay</c> of the org's
    /// service map, the request one JSON <c>POST</c> to its root. Used to test rules on events and history, and to
    /// validate a rule before it is written (the SDK's <c>validate_rule</c>: one empty event, free).
    /// </summary>
    public sealed class ReplayApi : OrganizationArea
    {
        internal ReplayApi(LcOrganizationClient owner) : base(owner) { }

        public const string Service = "replay";

        /// <summary>How long a replay may run before its answer (the Go SDK's replay timeout); a longer session timeout wins.</summary>
        public static readonly TimeSpan RunTimeout = TimeSpan.FromMinutes(5);

        /// <summary>Runs a replay and reads its answer; a service-reported error (an invalid rule, a failed run) becomes <c>LimaCharlie.ReplayFailed</c>.</summary>
        public async Task<DrRuleTest> RunAsync(ReplayRequest replay, CancellationToken ct)
        {
            var (request, answer) = await SendAsync(Body(OrganizationId, replay), ct).ConfigureAwait(false);
            var error = answer.String("error");
            if (!string.IsNullOrWhiteSpace(error))
                throw new LcApiException($"The replay service could not run rule '{replay.RuleName}': {error}", 200, error, "POST", "/" + request.Path,
                    ErrorIds.ReplayFailed);
            return Parse(answer, replay, OrganizationId);
        }

        /// <summary>
        /// Checks that a D&amp;R rule compiles, as the SDK's <c>validate_rule</c> does (a replay of one empty event, which
        /// the service does not bill); a refusal is <c>LimaCharlie.InvalidRule</c> naming the rule and where it came from.
        /// </summary>
        public async Task ValidateAsync(string name, JsonObject rule, string origin, CancellationToken ct)
        {
            var replay = new ReplayRequest
            {
                RuleName = name,
                Rule = new JsonObject { ["detect"] = rule["detect"]?.DeepClone(), ["respond"] = rule["respond"]?.DeepClone() },
                Events = new[] { new JsonObject { ["event"] = new JsonObject(), ["routing"] = new JsonObject() } },
            };
            var (_, answer) = await SendAsync(Body(OrganizationId, replay), ct).ConfigureAwait(false);
            var error = answer.String("error");
            if (!string.IsNullOrWhiteSpace(error))
                throw new LcConfigurationException($"The rule '{name}' in {origin} is not valid: the replay service refused it: {error}. Nothing was written for it.",
                    ErrorIds.InvalidRule, "Fix the rule (Test-LcDrRule shows what it does on sample events), or skip the check with -SkipValidation.");
        }

        private async Task<(LcRequest Request, JsonElement Answer)> SendAsync(string body, CancellationToken ct)
        {
            var root = await Connection.Services.RootAsync(OrganizationId, Service, Log, ct).ConfigureAwait(false);
            var request = new LcRequest(HttpMethod.Post, string.Empty, TokenTarget.Organization(OrganizationId)) { Root = root, Json = body, MinimumTimeout = RunTimeout };
            return (request, await Connection.SendAsync(request, Log, ct).ConfigureAwait(false));
        }

        /// <summary>
        /// The request as sdk/replay.py builds it: <c>run</c>'s shape for history (a stored rule by name, or the rule
        /// itself), <c>scan_events</c>'s for inline events (the name and namespace beside the rule).
        /// </summary>
        internal static string Body(Guid oid, ReplayRequest replay)
        {
            var ruleSource = new JsonObject();
            if (replay.Rule is null || replay.Events is not null)
            {
                ruleSource["rule_name"] = replay.RuleName;
                ruleSource["namespace"] = replay.Namespace;
            }
            if (replay.Rule is not null) ruleSource["rule"] = replay.Rule.DeepClone();

            var eventSource = new JsonObject { ["stream"] = replay.Stream };
            if (replay.Events is not null)
            {
                eventSource["sensor_events"] = new JsonObject();
                eventSource["events"] = new JsonArray(replay.Events.Select(e => (JsonNode?)e.DeepClone()).ToArray());
            }
            else
            {
                var window = new JsonObject
                {
                    ["start_time"] = replay.Start.ToUnixTimeSeconds(),
                    ["end_time"] = replay.End.ToUnixTimeSeconds(),
                };
                if (replay.SensorId is { } sid) window["sid"] = sid.ToString();
                if (!string.IsNullOrWhiteSpace(replay.Selector)) window["selector"] = replay.Selector;
                eventSource["sensor_events"] = window;
            }

            return new JsonObject
            {
                ["oid"] = oid.ToString(),
                ["rule_source"] = ruleSource,
                ["event_source"] = eventSource,
                ["trace"] = replay.Trace,
                ["is_dry_run"] = replay.DryRun,
                ["limit_event"] = replay.EventLimit,
                ["limit_eval"] = replay.EvaluationLimit,
            }.ToJsonString();
        }

        /// <summary>
        /// Reads the service's answer (<c>did_match</c>, <c>results</c>, <c>stats</c>, <c>traces</c>); the fields the CLI
        /// describes (<c>num_events</c>, <c>num_evals</c>, <c>responses</c>, <c>errors</c>) fill what those lack.
        /// </summary>
        public static DrRuleTest Parse(JsonElement answer, ReplayRequest replay, Guid oid)
        {
            var stats = answer.TryProperty("stats", out var s) && s.ValueKind == JsonValueKind.Object ? s : JsonValues.EmptyObject;
            var price = stats.TryProperty("estimated_price", out var p) && p.ValueKind == JsonValueKind.Object ? p : JsonValues.EmptyObject;
            var actions = new List<ReplayAction>();
            var matched = new List<IDictionary<string, object?>>();
            var seen = new HashSet<string>(StringComparer.Ordinal);
            if (answer.TryProperty("results", out var results) && results.ValueKind == JsonValueKind.Array)
            {
                foreach (var result in results.EnumerateArray())
                {
                    var action = Action(result);
                    actions.Add(action);
                    var data = result.TryProperty("data", out var d) ? d : JsonValues.EmptyObject;
                    var evt = data.TryProperty("detect", out var detected) && detected.ValueKind == JsonValueKind.Object ? detected : default;
                    if (evt.ValueKind == JsonValueKind.Object && seen.Add(action.EventId ?? evt.GetRawText()))
                        matched.Add(evt.Properties());
                }
            }
            else if (answer.TryProperty("responses", out var responses) && responses.ValueKind == JsonValueKind.Array)
            {
                foreach (var response in responses.EnumerateArray())
                {
                    var routing = response.TryProperty("routing", out var r) ? r : JsonValues.EmptyObject;
                    actions.Add(new ReplayAction
                    {
                        Action = response.String("action") ?? string.Empty,
                        Target = response.String("name"),
                        SensorId = routing.Guid("sid"),
                        EventType = routing.String("event_type"),
                        EventId = routing.String("event_id"),
                        Data = response.Properties(),
                    });
                }
            }

            var processed = stats.Long("n_proc") ?? answer.Long("num_events") ?? 0;
            var errors = answer.Strings("errors").Where(e => !string.IsNullOrWhiteSpace(e)).ToArray();
            return new DrRuleTest
            {
                OrganizationId = oid,
                RuleName = replay.RuleName,
                EventSource = replay.Events is null ? "history" : "inline",
                IsDryRun = answer.Bool("is_dry_run") ?? replay.DryRun,
                Matched = answer.Bool("did_match") ?? actions.Count > 0,
                EventsScanned = stats.Long("n_scan") ?? processed,
                EventsProcessed = processed,
                EventsMatched = stats.Long("n_matched") ?? matched.Count,
                Evaluations = stats.Long("n_eval") ?? answer.Long("num_evals") ?? 0,
                BytesScanned = stats.Long("n_bytes_scan") ?? 0,
                EventsBilled = stats.Long("n_billed") ?? 0,
                EstimatedPrice = Decimal(price, "value"),
                Currency = price.String("currency"),
                WallTime = (stats.Double("wall_time") ?? answer.Double("eval_time")) is { } seconds ? TimeSpan.FromSeconds(seconds) : null,
                Actions = actions.ToArray(),
                Reports = actions.Where(a => a.Action == "report" && a.Target is not null).Select(a => a.Target!).Distinct(StringComparer.Ordinal).ToArray(),
                MatchedEvents = matched.ToArray(),
                Traces = Traces(answer),
                Errors = errors,
                Stats = stats.Properties(),
            };
        }

        private static ReplayAction Action(JsonElement result)
        {
            var name = result.String("action") ?? string.Empty;
            var data = result.TryProperty("data", out var d) && d.ValueKind == JsonValueKind.Object ? d : JsonValues.EmptyObject;
            var routing = data.TryProperty("routing", out var r) && r.ValueKind == JsonValueKind.Object ? r
                : data.TryProperty("detect", out var det) && det.TryProperty("routing", out var r2) ? r2 : JsonValues.EmptyObject;
            var target = name switch
            {
                "report" => data.String("cat") ?? data.String("name"),
                "add tag" or "remove tag" => data.String("tag"),
                "task" => data.String("command"),
                _ => data.String("name"),
            };
            return new ReplayAction
            {
                Action = name,
                Target = target,
                SensorId = routing.Guid("sid"),
                EventType = routing.String("event_type"),
                EventId = routing.String("event_id") ?? routing.String("this"),
                Data = data.Properties(),
            };
        }

        private static string[][] Traces(JsonElement answer)
        {
            if (!answer.TryProperty("traces", out var traces) || traces.ValueKind != JsonValueKind.Array) return Array.Empty<string[]>();
            return traces.EnumerateArray().Select(t => t.ValueKind == JsonValueKind.Array
                ? t.EnumerateArray().Select(line => JsonRead.AsString(line) ?? line.GetRawText()).ToArray()
                : new[] { JsonRead.AsString(t) ?? t.GetRawText() }).ToArray();
        }

        private static decimal? Decimal(JsonElement element, string name)
        {
            if (!element.TryProperty(name, out var v)) return null;
            if (v.ValueKind == JsonValueKind.Number && v.TryGetDecimal(out var d)) return d;
            return decimal.TryParse(JsonRead.AsString(v), NumberStyles.Float, CultureInfo.InvariantCulture, out var parsed) ? parsed : null;
        }
    }

    public static partial class OrganizationAreas
    {
        extension(LcOrganizationClient organization)
        {
            /// <summary>Rule replay and validation through the replay service.</summary>
            public ReplayApi Replay => new(organization);
        }
    }
}
