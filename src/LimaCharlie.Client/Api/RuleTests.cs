using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;

namespace LimaCharlie.Client.Api
{
    /// <summary>One case of a rule test: sample events and whether the rule should match them.</summary>
    public sealed record RuleTestCase(string Name, bool ExpectMatch, IReadOnlyList<JsonObject> Events, string? SamplePath);

    /// <summary>A rule read from a file with its test cases.</summary>
    public sealed record RuleUnderTest(RuleDefinition Rule, string Path, IReadOnlyList<RuleTestCase> Cases);

    /// <summary>
    /// Rule tests as code. A rule file (YAML or JSON, read by <see cref="RuleDefinitions"/>) brings its cases two ways:
    /// its own <c>tests</c> section, the format LimaCharlie documents (<c>match</c> and <c>non_match</c>, each a list of
    /// cases, a case a list of events or one event), and sample files in a folder named after the rule next to the rule
    /// file: <c>&lt;rule&gt;/match/*</c> and <c>&lt;rule&gt;/nomatch/*</c> (<see cref="ReplayEvents.FileExtensions"/>), every
    /// event of which is a case of its own. A case passes when the rule matches (match) or does not (non_match).
    /// </summary>
    public static class RuleTests
    {
        public static readonly string[] MatchFolders = { "match" };
        public static readonly string[] NoMatchFolders = { "nomatch", "non_match", "no_match" };

        public static IReadOnlyList<RuleUnderTest> Load(IEnumerable<string> ruleFiles, Action<string> warn)
        {
            var loaded = new List<RuleUnderTest>();
            foreach (var file in ruleFiles)
            {
                foreach (var rule in RuleDefinitions.LoadFile(file, dr: true, warn))
                {
                    var cases = new List<RuleTestCase>();
                    if (rule.Body["tests"] is JsonObject tests)
                    {
                        cases.AddRange(Section(tests, "match", true, rule, file));
                        cases.AddRange(Section(tests, "non_match", false, rule, file));
                    }
                    var samples = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(file)) ?? ".", rule.Name);
                    cases.AddRange(Samples(samples, MatchFolders, true));
                    cases.AddRange(Samples(samples, NoMatchFolders, false));
                    loaded.Add(new RuleUnderTest(rule, file, cases));
                }
            }
            return loaded;
        }

        /// <summary>Runs one case through the replay service; a refusal of the rule is the case's failure, not an exception.</summary>
        public static async Task<RuleTestResult> RunAsync(LcOrganizationClient org, RuleUnderTest test, RuleTestCase testCase, CancellationToken ct)
        {
            var result = new RuleTestResult
            {
                RuleName = test.Rule.Name,
                Case = testCase.Name,
                ExpectedMatch = testCase.ExpectMatch,
                Events = testCase.Events.Count,
                Path = test.Path,
                SamplePath = testCase.SamplePath,
            };
            try
            {
                var run = await org.Replay.RunAsync(new ReplayRequest
                {
                    RuleName = test.Rule.Name,
                    Rule = new JsonObject { ["detect"] = test.Rule.Body["detect"]?.DeepClone(), ["respond"] = test.Rule.Body["respond"]?.DeepClone() },
                    Events = testCase.Events,
                }, ct).ConfigureAwait(false);
                result.Matched = run.Matched;
                result.Reports = run.Reports;
                result.Passed = run.Matched == testCase.ExpectMatch;
            }
            catch (LcApiException e) when (e.Kind == ErrorIds.ReplayFailed)
            {
                result.Error = e.Message;
            }
            return result;
        }

        private static IEnumerable<RuleTestCase> Section(JsonObject tests, string key, bool expect, RuleDefinition rule, string file)
        {
            if (tests[key] is null) yield break;
            if (tests[key] is not JsonArray cases)
                throw new LcConfigurationException($"The tests of rule '{rule.Name}' in file '{file}' are not valid: '{key}' must be a list of cases.", ErrorIds.InvalidRule,
                    "Write tests as 'match:' and 'non_match:' lists; each case is a list of events (or one event) with routing and event.");
            for (var i = 0; i < cases.Count; i++)
            {
                var origin = $"file '{file}', rule '{rule.Name}', tests/{key}[{i}]";
                var events = cases[i] is JsonArray list
                    ? list.Select((e, j) => ReplayEvents.Check(e, $"{origin}[{j}]")).ToArray()
                    : new[] { ReplayEvents.Check(cases[i], origin) };
                yield return new RuleTestCase($"{key}[{i}]", expect, events, null);
            }
        }

        private static IEnumerable<RuleTestCase> Samples(string folder, string[] names, bool expect)
        {
            foreach (var name in names)
            {
                var dir = Path.Combine(folder, name);
                if (!Directory.Exists(dir)) continue;
                foreach (var file in Directory.EnumerateFiles(dir)
                             .Where(f => ReplayEvents.FileExtensions.Contains(Path.GetExtension(f).ToLowerInvariant()))
                             .OrderBy(f => f, StringComparer.Ordinal))
                {
                    var events = ReplayEvents.Load(file);
                    for (var i = 0; i < events.Count; i++)
                        yield return new RuleTestCase(events.Count == 1 ? $"{name}/{Path.GetFileName(file)}" : $"{name}/{Path.GetFileName(file)}#{i + 1}",
                            expect, new[] { events[i] }, file);
                }
            }
        }
    }
}
