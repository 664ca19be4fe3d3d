using System.Text.Json.Nodes;
using LimaCharlie.Emulator.Rules;
using Xunit;

namespace LimaCharlie.Tests.Emulator;

/// <summary>The emulator's D&amp;R engine, operator by operator: each rule against an event it must match and one it must not.</summary>
public class DetectionEngineTests
{
    private const string Proc = """
        {"routing": {"event_type": "NEW_PROCESS", "plat": 268435456, "arch": 2, "tags": ["vip"], "hostname": "ws-1"},
        "event": {"FILE_PATH": "C:\\Windows\\System32\\cmd.exe", "COMMAND_LINE": "cmd /c whoami", "PROCESS_ID": 4242, "USER_NAME": "alice",
                  "PARENT": {"FILE_PATH": "C:\\Windows\\explorer.exe", "HASH": "abc"},
                  "NETWORK_ACTIVITY": [{"SOURCE": {"IP_ADDRESS": "10.0.0.5"}, "DESTINATION": {"IP_ADDRESS": "203.0.113.9", "PORT": 443}}]}}
        """;

    public static TheoryData<string, string, bool> Cases => new()
    {
        { "is", """{"op": "is", "path": "event/USER_NAME", "value": "alice"}""", true },
        { "is, case sensitive by default", """{"op": "is", "path": "event/USER_NAME", "value": "ALICE"}""", false },
        { "is, case sensitive: false", """{"op": "is", "path": "event/USER_NAME", "value": "ALICE", "case sensitive": false}""", true },
        { "is, numbers", """{"op": "is", "path": "event/PROCESS_ID", "value": "4242"}""", true },
        { "contains", """{"op": "contains", "path": "event/COMMAND_LINE", "value": "whoami"}""", true },
        { "contains, no", """{"op": "contains", "path": "event/COMMAND_LINE", "value": "net user"}""", false },
        { "starts with", """{"op": "starts with", "path": "event/FILE_PATH", "value": "C:\\Windows"}""", true },
        { "ends with", """{"op": "ends with", "path": "event/FILE_PATH", "value": "cmd.exe"}""", true },
        { "ends with, no", """{"op": "ends with", "path": "event/FILE_PATH", "value": "powershell.exe"}""", false },
        { "exists", """{"op": "exists", "path": "event/PARENT/HASH"}""", true },
        { "exists, missing", """{"op": "exists", "path": "event/PARENT/SIGNATURE"}""", false },
        { "not", """{"op": "exists", "path": "event/PARENT/SIGNATURE", "not": true}""", true },
        { "matches", """{"op": "matches", "path": "event/COMMAND_LINE", "re": "^cmd\\s+/c\\s+\\w+$"}""", true },
        { "matches, no", """{"op": "matches", "path": "event/COMMAND_LINE", "re": "^powershell"}""", false },
        { "is greater than", """{"op": "is greater than", "path": "event/PROCESS_ID", "value": 4000}""", true },
        { "is greater than, no", """{"op": "is greater than", "path": "event/PROCESS_ID", "value": 5000}""", false },
        { "is lower than", """{"op": "is lower than", "path": "event/PROCESS_ID", "value": 5000}""", true },
        { "is lower than, length of", """{"op": "is lower than", "path": "event/USER_NAME", "value": 5, "length of": true}""", false },
        { "and", """{"op": "and", "rules": [{"op": "is", "path": "event/USER_NAME", "value": "alice"}, {"op": "contains", "path": "event/COMMAND_LINE", "value": "cmd"}]}""", true },
        { "and, one false", """{"op": "and", "rules": [{"op": "is", "path": "event/USER_NAME", "value": "alice"}, {"op": "contains", "path": "event/COMMAND_LINE", "value": "nope"}]}""", false },
        { "or", """{"op": "or", "rules": [{"op": "is", "path": "event/USER_NAME", "value": "bob"}, {"op": "contains", "path": "event/COMMAND_LINE", "value": "cmd"}]}""", true },
        { "path with *", """{"op": "is", "path": "event/NETWORK_ACTIVITY/*/DESTINATION/PORT", "value": 443}""", true },
        { "path with ? (any depth)", """{"op": "is", "path": "event/?/HASH", "value": "abc"}""", true },
        { "routing path", """{"op": "is", "path": "routing/hostname", "value": "ws-1"}""", true },
        { "event filter", """{"event": "NEW_PROCESS", "op": "is", "path": "event/USER_NAME", "value": "alice"}""", true },
        { "event filter, other type", """{"event": "DNS_REQUEST", "op": "is", "path": "event/USER_NAME", "value": "alice"}""", false },
        { "events filter", """{"events": ["DNS_REQUEST", "NEW_PROCESS"], "op": "exists", "path": "event/USER_NAME"}""", true },
        { "event alone", """{"event": "NEW_PROCESS"}""", true },
        { "is windows", """{"op": "is windows"}""", true },
        { "is linux", """{"op": "is linux"}""", false },
        { "is platform", """{"op": "is platform", "name": "windows"}""", true },
        { "is 64 bit", """{"op": "is 64 bit"}""", true },
        { "is tagged", """{"op": "is tagged", "tag": "vip"}""", true },
        { "is tagged, other", """{"op": "is tagged", "tag": "finance"}""", false },
        { "cidr", """{"op": "cidr", "path": "event/NETWORK_ACTIVITY/*/SOURCE/IP_ADDRESS", "value": "10.0.0.0/8"}""", true },
        { "is public address", """{"op": "is public address", "path": "event/NETWORK_ACTIVITY/*/DESTINATION/IP_ADDRESS"}""", true },
        { "is private address", """{"op": "is private address", "path": "event/NETWORK_ACTIVITY/*/DESTINATION/IP_ADDRESS"}""", false },
        { "scope", """{"op": "scope", "path": "event/PARENT", "rule": {"op": "ends with", "path": "FILE_PATH", "value": "explorer.exe"}}""", true },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void EvaluatesTheDocumentedOperators(string name, string detect, bool expected)
    {
        var rule = (JsonObject)JsonNode.Parse(detect)!;
        DetectionEngine.Validate(rule);
        var context = new EvaluationContext(tracing: false);
        Assert.True(expected == DetectionEngine.Evaluate(rule, (JsonObject)JsonNode.Parse(Proc)!, context), name);
        Assert.True(context.Evaluations > 0);
    }

    [Theory]
    [InlineData("""{"op": "is greather than", "path": "event/X", "value": 1}""", "unknown operator 'is greather than'")]
    [InlineData("""{"op": "is", "value": 1}""", "'path' is required")]
    [InlineData("""{"op": "contains", "path": "event/X"}""", "'value' is required")]
    [InlineData("""{"op": "matches", "path": "event/X", "re": "(unclosed"}""", "invalid regular expression")]
    [InlineData("""{"op": "is greater than", "path": "event/X", "value": "many"}""", "'value' must be a number")]
    [InlineData("""{"op": "and", "rules": []}""", "'rules' must be a non-empty list")]
    [InlineData("""{"op": "and", "rules": [{"op": "is", "path": "event/X"}]}""", "detect/rules[0] (op 'is'): 'value' is required")]
    [InlineData("""{"op": "is", "path": "event/X", "value": 1, "not": "yes"}""", "'not' must be true or false")]
    [InlineData("""{"path": "event/X"}""", "missing 'op'")]
    [InlineData("""{"op": "is platform", "name": "amiga"}""", "'name' must be a platform")]
    public void RefusesRulesThatDoNotCompile(string detect, string message)
    {
        var e = Assert.Throws<RuleCompileException>(() => DetectionEngine.Validate(JsonNode.Parse(detect)));
        Assert.Contains(message, e.Message);
    }

    [Fact]
    public void RecordsTheResponseActionsWithoutCarryingThemOut()
    {
        var respond = (JsonArray)JsonNode.Parse("""[{"action": "report", "name": "cmd-seen", "priority": 3}, {"action": "add tag", "tag": "suspect", "ttl": 60}, {"action": "isolate network"}, {"action": "task", "command": "history_dump"}]""")!;
        ResponseActions.Validate(respond);
        var results = ResponseActions.Record(respond, (JsonObject)JsonNode.Parse(Proc)!).ToList();

        Assert.Equal(["report", "add tag", "isolate network", "task"], results.Select(r => r["action"]!.GetValue<string>()));
        Assert.Equal("cmd-seen", results[0]["data"]!["cat"]!.GetValue<string>());
        Assert.Equal(3, results[0]["data"]!["priority"]!.GetValue<int>());
        Assert.Equal("alice", results[0]["data"]!["detect"]!["event"]!["USER_NAME"]!.GetValue<string>());
        Assert.Equal("suspect", results[1]["data"]!["tag"]!.GetValue<string>());
        Assert.All(results, r => Assert.Equal("ws-1", r["data"]!["routing"]!["hostname"]!.GetValue<string>()));
    }

    [Theory]
    [InlineData("""[{"action": "report"}]""", "'name' is required")]
    [InlineData("""[{"action": "add tag"}]""", "'tag' is required")]
    [InlineData("""[{"action": "explode"}]""", "unknown action 'explode'")]
    [InlineData("""{"action": "report", "name": "x"}""", "respond must be a list")]
    public void RefusesResponsesThatDoNotCompile(string respond, string message)
    {
        var e = Assert.Throws<RuleCompileException>(() => ResponseActions.Validate(JsonNode.Parse(respond)));
        Assert.Contains(message, e.Message);
    }

    [Fact]
    public void TracesTheEvaluationPath()
    {
        var rule = (JsonObject)JsonNode.Parse("""{"op": "and", "rules": [{"op": "is", "path": "event/USER_NAME", "value": "alice"}, {"op": "is windows"}]}""")!;
        var context = new EvaluationContext(tracing: true);
        Assert.True(DetectionEngine.Evaluate(rule, (JsonObject)JsonNode.Parse(Proc)!, context));
        var lines = context.TakeTrace().Select(l => l!.GetValue<string>()).ToList();
        Assert.Equal(["  op 'is' event/USER_NAME: true", "  op 'is windows': true", "op 'and': true"], lines);
    }
}
