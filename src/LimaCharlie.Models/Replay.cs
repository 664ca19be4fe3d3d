using System;
using System.Collections.Generic;

namespace LimaCharlie
{
    /// <summary>
    /// What one D&amp;R rule did (or would have done) over a set of events, as the organization's replay service reports
    /// it: Test-LcDrRule's output.
    /// </summary>
    public sealed class DrRuleTest
    {
        public Guid OrganizationId { get; set; }
        /// <summary>The rule's name (the org's rule when tested by name; the file's or the given name otherwise).</summary>
        public string RuleName { get; set; } = string.Empty;
        /// <summary>Where the events came from: <c>inline</c> (given events) or <c>history</c> (the org's stored events).</summary>
        public string EventSource { get; set; } = "inline";
        /// <summary>True when any event matched.</summary>
        public bool Matched { get; set; }
        /// <summary>True for a dry run: the figures are estimates and no event was evaluated.</summary>
        public bool IsDryRun { get; set; }
        /// <summary>Events read (<c>stats.n_scan</c>).</summary>
        public long EventsScanned { get; set; }
        /// <summary>Events evaluated (<c>stats.n_proc</c>).</summary>
        public long EventsProcessed { get; set; }
        /// <summary>Events that matched (<c>stats.n_matched</c>).</summary>
        public long EventsMatched { get; set; }
        /// <summary>Operator evaluations (<c>stats.n_eval</c>).</summary>
        public long Evaluations { get; set; }
        public long BytesScanned { get; set; }
        public long EventsBilled { get; set; }
        /// <summary>The service's estimate of what the run costs (<c>stats.estimated_price</c>), in <see cref="Currency"/>.</summary>
        public decimal? EstimatedPrice { get; set; }
        public string? Currency { get; set; }
        public TimeSpan? WallTime { get; set; }
        /// <summary>What the rule would have done: one entry per response action of each matching event.</summary>
        public ReplayAction[] Actions { get; set; } = Array.Empty<ReplayAction>();
        /// <summary>The names of the detections the rule would have reported, each once.</summary>
        public string[] Reports { get; set; } = Array.Empty<string>();
        /// <summary>The events that matched, as the service returned them in the rule's reports (routing and event).</summary>
        public IDictionary<string, object?>[] MatchedEvents { get; set; } = Array.Empty<IDictionary<string, object?>>();
        /// <summary>The evaluation path per event, with -Trace.</summary>
        public string[][] Traces { get; set; } = Array.Empty<string[]>();
        /// <summary>What the service reported as going wrong (an operator it could not evaluate, a limit reached).</summary>
        public string[] Errors { get; set; } = Array.Empty<string>();
        /// <summary>Every member of the answer's <c>stats</c>, including those not named above.</summary>
        public IDictionary<string, object?> Stats { get; set; } = new JsonDictionary();

        public override string ToString() => $"{RuleName}: {(IsDryRun ? "dry run" : Matched ? $"{EventsMatched} of {EventsProcessed} events matched" : $"no match in {EventsProcessed} events")}";
    }

    /// <summary>One response action a rule would have taken for a matching event (recorded by the replay, not carried out).</summary>
    public sealed class ReplayAction
    {
        /// <summary>report, add tag, remove tag, isolate network, task...</summary>
        public string Action { get; set; } = string.Empty;
        /// <summary>What the action names: a report's name, a tag, a task's command, an output's name.</summary>
        public string? Target { get; set; }
        public Guid? SensorId { get; set; }
        public string? EventType { get; set; }
        public string? EventId { get; set; }
        /// <summary>The action's data as the service returned it (a report's detection: <c>cat</c>, <c>detect</c>, <c>routing</c>...).</summary>
        public IDictionary<string, object?> Data { get; set; } = new JsonDictionary();

        public override string ToString() => Target is null ? Action : $"{Action} {Target}";
    }

    /// <summary>One case of a rule test (Invoke-LcRuleTest): a set of sample events and whether the rule should match them.</summary>
    public sealed class RuleTestResult
    {
        public string RuleName { get; set; } = string.Empty;
        /// <summary>Which case: <c>match[0]</c>, <c>non_match[1]</c> (the rule's own tests) or the sample file's name.</summary>
        public string Case { get; set; } = string.Empty;
        public bool ExpectedMatch { get; set; }
        public bool Matched { get; set; }
        public bool Passed { get; set; }
        /// <summary>The report names the rule produced for this case.</summary>
        public string[] Reports { get; set; } = Array.Empty<string>();
        public int Events { get; set; }
        /// <summary>Why the case failed when the rule did not run (invalid rule, service error).</summary>
        public string? Error { get; set; }
        /// <summary>The rule file, and the sample file when the case came from one.</summary>
        public string Path { get; set; } = string.Empty;
        public string? SamplePath { get; set; }

        public override string ToString() => $"{(Passed ? "PASS" : "FAIL")} {RuleName} {Case}";
    }
}
