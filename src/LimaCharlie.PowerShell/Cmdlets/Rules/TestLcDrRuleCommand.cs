using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Text.Json.Nodes;
using LimaCharlie.Client.Api;
using LimaCharlie.PowerShell.Completers;
using LimaCharlie.PowerShell.Infrastructure;

namespace LimaCharlie.PowerShell.Cmdlets.Rules
{
    /// <summary>
    /// Runs D&amp;R rules through the organization's replay service without deploying them: a rule given with
    /// -Detect/-Respond, piped from Get-LcDrRule, read from -Path files, or the org's rule named -Name, over events given
    /// inline (-Event, -EventPath, or Event objects piped from Get-LcEvent) or over the org's stored events (-SensorId,
    /// -Selector or the whole org, in -Start/-End or -Last). One result per rule: what matched, what the rule would have
    /// done, and the service's statistics; -DryRun only estimates.
    /// </summary>
    [Cmdlet(VerbsDiagnostic.Test, "LcDrRule", DefaultParameterSetName = RuleSet)]
    [OutputType(typeof(DrRuleTest))]
    public sealed class TestLcDrRuleCommand : LcTimeWindowCmdlet
    {
        private const string RuleSet = "Rule";
        private const string PathSet = "Path";

        private readonly List<JsonObject> _pipedEvents = new();

        /// <summary>The rule's name: the org's rule to replay, or the name shown for the rule given with -Detect.</summary>
        [Parameter(Position = 0, ParameterSetName = RuleSet, ValueFromPipelineByPropertyName = true)]
        [Alias("Key")]
        [ValidateNotNullOrEmpty]
        [ValidatePlainText]
        [ArgumentCompleter(typeof(HiveKeyCompleter))]
        public string? Name { get; set; }

        /// <summary>The detection to test: a hashtable, an object, or YAML/JSON text. Without it, the org's rule -Name is replayed.</summary>
        [Parameter(ParameterSetName = RuleSet, ValueFromPipelineByPropertyName = true)]
        public object? Detect { get; set; }

        /// <summary>The response actions; by default one report named after the rule.</summary>
        [Parameter(ParameterSetName = RuleSet, ValueFromPipelineByPropertyName = true)]
        public object? Respond { get; set; }

        /// <summary>The namespace of the org's rule -Name: general, managed or service.</summary>
        [Parameter(ParameterSetName = RuleSet, ValueFromPipelineByPropertyName = true)]
        [ValidateSet("general", "managed", "service", IgnoreCase = true)]
        public string Namespace { get; set; } = "general";

        /// <summary>YAML or JSON rule files (wildcards allowed) or folders of them, as Set-LcDrRule reads them; each rule is tested.</summary>
        [Parameter(Mandatory = true, ParameterSetName = PathSet)]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        public string[] Path { get; set; } = Array.Empty<string>();

        /// <summary>Events to evaluate: JSON text (one event, a list, or JSON Lines), hashtables or objects with routing and event.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public object[]? Event { get; set; }

        /// <summary>Files of events: .json (one event or a list), .jsonl (one per line), .yaml.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string[]? EventPath { get; set; }

        /// <summary>Events piped from Get-LcEvent or Invoke-LcQuery; they are evaluated together once the pipeline ends.</summary>
        [Parameter(ValueFromPipeline = true)]
        public LimaCharlie.Event[]? InputEvent { get; set; }

        /// <summary>Replays the stored events of this sensor only.</summary>
        [Parameter]
        [Alias("sid")]
        [ArgumentCompleter(typeof(SensorCompleter))]
        public Guid SensorId { get; set; }

        /// <summary>Replays the stored events of the sensors this selector matches (e.g. plat == windows and `finance` in tags).</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        [ValidatePlainText]
        [ArgumentCompleter(typeof(SelectorCompleter))]
        public string? Selector { get; set; }

        /// <summary>Adds the evaluation path of each event (Traces) to the result.</summary>
        [Parameter]
        public SwitchParameter Trace { get; set; }

        /// <summary>Only estimates: the events in scope and the price, without evaluating the rule.</summary>
        [Parameter]
        [Alias("Estimate")]
        public SwitchParameter DryRun { get; set; }

        /// <summary>Most events to read (0: the service's limit).</summary>
        [Parameter]
        [ValidateRange(0, long.MaxValue)]
        public long EventLimit { get; set; }

        /// <summary>Most operator evaluations (0: the service's limit).</summary>
        [Parameter]
        [ValidateRange(0, long.MaxValue)]
        public long EvaluationLimit { get; set; }

        [Parameter]
        [Alias("oid")]
        [ArgumentCompleter(typeof(OrganizationIdCompleter))]
        public override Guid OrganizationId { get; set; }

        protected override TimeSpan DefaultWindow => TimeSpan.FromDays(1);

        protected override object? ErrorTarget => ParameterSetName == PathSet ? string.Join(", ", Path) : Name;

        protected override void OnProcess()
        {
            if (InputEvent is { Length: > 0 })
            {
                foreach (var item in InputEvent)
                    _pipedEvents.Add(ReplayEvents.Check(JsonNode.Parse(PSJson.Serialize(new Dictionary<string, object?> { ["routing"] = item.Routing, ["event"] = item.Data })),
                        $"the event {item.EventId ?? item.Atom} from the pipeline"));
                return;
            }
            Run(null);
        }

        protected override void OnEnd()
        {
            if (_pipedEvents.Count > 0) Run(_pipedEvents);
        }

        private void Run(List<JsonObject>? piped)
        {
            var events = GivenEvents(piped);
            var history = events is null;
            if (!history && (MyInvocation.BoundParameters.ContainsKey(nameof(SensorId)) || Selector is not null))
                throw new ArgumentException("-SensorId and -Selector choose stored events; they cannot be used with events given inline (-Event, -EventPath or the pipeline).");
            var (start, end) = history ? TimeWindow() : (default, default);
            var oid = Organization;
            foreach (var (name, rule) in Rules())
            {
                var replay = new ReplayRequest
                {
                    RuleName = name,
                    Rule = rule,
                    Namespace = Namespace.ToLowerInvariant(),
                    Events = events,
                    Start = start,
                    End = end,
                    SensorId = SensorId == Guid.Empty ? null : SensorId,
                    Selector = Selector,
                    Trace = Trace,
                    DryRun = DryRun,
                    EventLimit = EventLimit,
                    EvaluationLimit = EvaluationLimit,
                };
                ForEachItem(name, () =>
                {
                    var result = InOrganization(oid, (org, ct) => org.Replay.RunAsync(replay, ct));
                    foreach (var error in result.Errors) Warn($"Rule '{name}': the replay service reports: {error}");
                    WriteObject(result);
                });
            }
        }

        /// <summary>The events given inline (null: replay the stored events).</summary>
        private List<JsonObject>? GivenEvents(List<JsonObject>? piped)
        {
            if (Event is null && EventPath is null && piped is null) return null;
            var events = new List<JsonObject>(piped ?? new List<JsonObject>());
            foreach (var item in Event ?? Array.Empty<object>())
            {
                var value = item is PSObject { BaseObject: var inner } && inner is not PSCustomObject ? inner : item;
                switch (value)
                {
                    case string text:
                        events.AddRange(ReplayEvents.Parse(text, "-Event"));
                        break;
                    case LimaCharlie.Event e:
                        events.Add(ReplayEvents.Check(JsonNode.Parse(PSJson.Serialize(new Dictionary<string, object?> { ["routing"] = e.Routing, ["event"] = e.Data })), "-Event"));
                        break;
                    default:
                        events.Add(ReplayEvents.Check(JsonNode.Parse(PSJson.Serialize(value)), "-Event"));
                        break;
                }
            }
            foreach (var path in EventPath ?? Array.Empty<string>())
            {
                foreach (var file in GetResolvedProviderPathFromPSPath(path, out _))
                    events.AddRange(ReplayEvents.Load(file));
            }
            if (events.Count == 0) throw new LcConfigurationException("No events were given to test the rule on.", ErrorIds.InvalidEvent);
            return events;
        }

        /// <summary>The rules to test: (name, rule) where a null rule is the org's rule of that name.</summary>
        private IEnumerable<(string Name, JsonObject? Rule)> Rules()
        {
            if (ParameterSetName == PathSet)
                return RuleFiles.Resolve(this, Path).SelectMany(file => RuleDefinitions.LoadFile(file, true, Warn))
                    .Select(r => (r.Name, (JsonObject?)new JsonObject { ["detect"] = r.Body["detect"]?.DeepClone(), ["respond"] = r.Body["respond"]?.DeepClone() }))
                    .ToList();
            if (Detect is null)
            {
                if (string.IsNullOrEmpty(Name))
                    throw new ArgumentException("Give the rule: -Name of a rule of the organization, -Detect (and -Respond), -Path, or pipe rules from Get-LcDrRule.");
                return new[] { (Name!, (JsonObject?)null) };
            }
            var name = string.IsNullOrEmpty(Name) ? "test" : Name!;
            var respond = Respond is null
                ? new JsonArray(new JsonObject { ["action"] = "report", ["name"] = name })
                : RuleParts.PartOrList(Respond, "-Respond", name);
            var rule = RuleDefinitions.ValidateDr(new JsonObject { ["detect"] = RuleParts.Part(Detect, "-Detect", name), ["respond"] = respond }, name, "parameters");
            return new[] { (name, (JsonObject?)rule) };
        }
    }
}
