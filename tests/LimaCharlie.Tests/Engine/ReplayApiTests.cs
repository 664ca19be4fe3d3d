using System.Text.Json;
using System.Text.Json.Nodes;
using LimaCharlie.Client.Api;
using LimaCharlie.Client.Logging;
using LimaCharlie.Emulator.Faults;
using LimaCharlie.Tests.Infrastructure;
using Xunit;

namespace LimaCharlie.Tests.Engine;

/// <summary>The replay service: the request the SDK builds, both answer shapes, validation, and rule tests as code.</summary>
public class ReplayApiTests : EmulatorTest
{
    public ReplayApiTests(EmulatorFixture emulator) : base(emulator) { }

    private static readonly Guid Oid = Guid.Parse("8f8b2a8e-1d3c-4f7a-9a52-3c5d6e7f8a9b");

    private static DrRuleTest Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        return ReplayApi.Parse(document.RootElement, new ReplayRequest { RuleName = "r" }, Oid);
    }

    [Fact]
    public void ReadsTheServicesAnswer()
    {
        var result = Parse("""
            {"error": "", "did_match": true, "is_dry_run": false,
             "results": [
               {"action": "report", "data": {"cat": "evil", "detect": {"routing": {"event_id": "e1", "sid": "11111111-2222-3333-4444-555555555555", "event_type": "NEW_PROCESS"}, "event": {"A": 1}}}},
               {"action": "add tag", "data": {"tag": "suspect", "routing": {"event_id": "e1"}}},
               {"action": "report", "data": {"cat": "evil", "detect": {"routing": {"event_id": "e2"}, "event": {"A": 2}}}}],
             "stats": {"n_scan": 10, "n_proc": 9, "n_matched": 2, "n_eval": 30, "n_bytes_scan": 6000, "n_billed": 9, "wall_time": 1.5,
                       "estimated_price": {"value": 0.25, "currency": "USD"}},
             "traces": [["event 1: matched", "op 'is': true"]]}
            """);

        Assert.Equal(Oid, result.OrganizationId);
        Assert.True(result.Matched);
        Assert.Equal((10L, 9L, 2L, 30L, 9L), (result.EventsScanned, result.EventsProcessed, result.EventsMatched, result.Evaluations, result.EventsBilled));
        Assert.Equal(0.25m, result.EstimatedPrice);
        Assert.Equal("USD", result.Currency);
        Assert.Equal(TimeSpan.FromSeconds(1.5), result.WallTime);
        Assert.Equal(["evil"], result.Reports);
        Assert.Equal(["report evil", "add tag suspect", "report evil"], result.Actions.Select(a => a.ToString()));
        Assert.Equal(Guid.Parse("11111111-2222-3333-4444-555555555555"), result.Actions[0].SensorId);
        Assert.Equal("NEW_PROCESS", result.Actions[0].EventType);
        Assert.Equal(2, result.MatchedEvents.Length);
        Assert.Equal(["event 1: matched", "op 'is': true"], result.Traces.Single());
        Assert.Equal(30L, result.Stats["n_eval"]);
    }

    [Fact]
    public void ReadsTheFieldsTheCliDescribesWhenTheServicesAreMissing()
    {
        var result = Parse("""{"num_evals": 12, "num_events": 4, "eval_time": 0.5, "responses": [{"action": "report", "name": "evil", "routing": {"event_type": "DNS_REQUEST"}}], "errors": ["note"]}""");

        Assert.True(result.Matched);
        Assert.Equal((4L, 12L), (result.EventsProcessed, result.Evaluations));
        Assert.Equal(["evil"], result.Reports);
        Assert.Equal("DNS_REQUEST", result.Actions.Single().EventType);
        Assert.Equal(["note"], result.Errors);
        Assert.Null(result.EstimatedPrice);
    }

    [Fact]
    public async Task RunsARuleOverInlineEventsAndSendsTheSdksRequest()
    {
        var org = SeedOrg();
        var replay = Connect(org.Credential()).Organization(org.Oid, NullLog.Instance).Replay;
        var events = ReplayEvents.Parse("""
            {"routing": {"event_type": "NEW_PROCESS"}, "event": {"FILE_PATH": "C:\\x\\calc.exe"}}
            {"routing": {"event_type": "NEW_PROCESS"}, "event": {"FILE_PATH": "C:\\x\\notepad.exe"}}
            """, "test");
        var rule = (JsonObject)JsonNode.Parse("""{"detect": {"event": "NEW_PROCESS", "op": "ends with", "path": "event/FILE_PATH", "value": "calc.exe"}, "respond": [{"action": "report", "name": "calc"}]}""")!;

        var result = await replay.RunAsync(new ReplayRequest { RuleName = "calc", Rule = rule, Events = events, Trace = true }, default);

        Assert.Equal("inline", result.EventSource);
        Assert.Equal((2L, 1L), (result.EventsProcessed, result.EventsMatched));
        Assert.Equal(["calc"], result.Reports);
        Assert.Equal(2, result.Traces.Length);
        // The replay host's root, with the bearer token (a mint of the JWT endpoint is also a POST to "/", without one).
        Assert.Single(Requests, r => r.Method == "POST" && r.Path == "/" && r.HasAuth);
    }

    [Fact]
    public void TheRequestHasTheShapesOfTheSdksRunAndScanEvents()
    {
        var oid = Guid.NewGuid();
        var rule = new JsonObject { ["detect"] = new JsonObject { ["op"] = "exists", ["path"] = "event" } };
        var start = DateTimeOffset.FromUnixTimeSeconds(1_700_000_000);
        var sid = Guid.NewGuid();

        var byName = JsonNode.Parse(ReplayApi.Body(oid, new ReplayRequest { RuleName = "calc", Start = start, End = start.AddHours(1), SensorId = sid, Trace = true, EventLimit = 5 }))!;
        var inline = JsonNode.Parse(ReplayApi.Body(oid, new ReplayRequest { RuleName = "calc", Rule = rule, Events = [new JsonObject { ["event"] = new JsonObject() }], DryRun = true }))!;

        Assert.Equal("""{"oid":"OID","rule_source":{"rule_name":"calc","namespace":"general"},"event_source":{"stream":"event","sensor_events":{"start_time":1700000000,"end_time":1700003600,"sid":"SID"}},"trace":true,"is_dry_run":false,"limit_event":5,"limit_eval":0}""".Replace("OID", oid.ToString()).Replace("SID", sid.ToString()),
            byName.ToJsonString());
        Assert.Equal("""{"oid":"OID","rule_source":{"rule_name":"calc","namespace":"general","rule":{"detect":{"op":"exists","path":"event"}}},"event_source":{"stream":"event","sensor_events":{},"events":[{"event":{}}]},"trace":false,"is_dry_run":true,"limit_event":0,"limit_eval":0}""".Replace("OID", oid.ToString()),
            inline.ToJsonString());
    }

    [Fact]
    public async Task ValidationRefusesARuleTheServiceCannotCompileAsInvalidRule()
    {
        var org = SeedOrg();
        var replay = Connect(org.Credential()).Organization(org.Oid, NullLog.Instance).Replay;
        var bad = (JsonObject)JsonNode.Parse("""{"detect": {"op": "contains", "path": "event/X"}, "respond": []}""")!;

        var e = await Assert.ThrowsAsync<LcConfigurationException>(() => replay.ValidateAsync("bad", bad, "file 'bad.yaml'", default));

        Assert.Equal(ErrorIds.InvalidRule, e.Kind);
        Assert.Contains("'bad' in file 'bad.yaml'", e.Message);
        Assert.Contains("'value' is required", e.Message);
        var run = await Assert.ThrowsAsync<LcApiException>(() => replay.RunAsync(new ReplayRequest { RuleName = "bad", Rule = bad, Events = ReplayEvents.Parse("{\"event\": {}}", "t") }, default));
        Assert.Equal(ErrorIds.ReplayFailed, run.Kind);
    }

    [Fact]
    public async Task AReplayMayRunLongerThanTheSessionsTimeout()
    {
        var org = SeedOrg();
        var replay = Connect(org.Credential(), FastOptions(o => o.Timeout = TimeSpan.FromSeconds(1))).Organization(org.Oid, NullLog.Instance).Replay;
        var rule = (JsonObject)JsonNode.Parse("""{"detect": {"event": "X"}, "respond": [{"action": "report", "name": "x"}]}""")!;
        var request = new ReplayRequest { RuleName = "x", Rule = rule, Events = ReplayEvents.Parse("""{"routing": {"event_type": "X"}}""", "t") };
        await replay.RunAsync(request, default); // the token is minted before the slow answer
        AddFault(new FaultSpec { DelayMs = 2_000, Count = 1, PathPrefix = "/", Method = "POST" });

        var result = await replay.RunAsync(request, default);

        Assert.True(result.Matched);
    }

    [Fact]
    public void EventsAreMappingsWithRoutingOrEvent()
    {
        Assert.Equal(2, ReplayEvents.Parse("""[{"event": {"A": 1}}, {"routing": {"event_type": "X"}}]""", "t").Count);
        Assert.Equal("X", ReplayEvents.Parse("routing: {event_type: X}\nevent: {A: 1}", "t").Single()["routing"]!["event_type"]!.GetValue<string>());
        var e = Assert.Throws<LcConfigurationException>(() => ReplayEvents.Parse("{\"A\": 1}\n{\"event\": {}}", "file 'x.jsonl'"));
        Assert.Equal(ErrorIds.InvalidEvent, e.Kind);
        Assert.Contains("file 'x.jsonl', line 1", e.Message);
    }

    [Fact]
    public void RuleTestsComeFromTheRulesTestsSectionAndFromSampleFoldersBesideIt()
    {
        var dir = Directory.CreateTempSubdirectory("lc-rule-tests-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(dir, "calc.yaml"), """
                detect: {event: NEW_PROCESS, op: ends with, path: event/FILE_PATH, value: calc.exe}
                respond: [{action: report, name: calc}]
                tests:
                  match:
                    - [{routing: {event_type: NEW_PROCESS}, event: {FILE_PATH: calc.exe}}]
                  non_match:
                    - {routing: {event_type: NEW_PROCESS}, event: {FILE_PATH: notepad.exe}}
                """);
            Directory.CreateDirectory(Path.Combine(dir, "calc", "nomatch"));
            File.WriteAllText(Path.Combine(dir, "calc", "nomatch", "more.jsonl"), "{\"event\": {\"FILE_PATH\": \"a\"}}\n{\"event\": {\"FILE_PATH\": \"b\"}}\n");

            var test = RuleTests.Load([Path.Combine(dir, "calc.yaml")], _ => { }).Single();

            Assert.Equal("calc", test.Rule.Name);
            Assert.Equal(["match[0]", "non_match[0]", "nomatch/more.jsonl#1", "nomatch/more.jsonl#2"], test.Cases.Select(c => c.Name));
            Assert.Equal([true, false, false, false], test.Cases.Select(c => c.ExpectMatch));
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }
}
