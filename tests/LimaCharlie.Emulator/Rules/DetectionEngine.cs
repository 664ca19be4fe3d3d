using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using LimaCharlie.Emulator.State;

namespace LimaCharlie.Emulator.Rules;

/// <summary>A rule the engine cannot compile: the message names the operator and where it is in the rule.</summary>
internal sealed class RuleCompileException(string message) : Exception(message);

/// <summary>
/// The emulator's D&amp;R detection engine: <see cref="Validate"/> checks a <c>detect</c> component (operators and the
/// fields each one needs), <see cref="Evaluate"/> runs it against one event <c>{"routing": {...}, "event": {...}}</c>.
/// Semantics follow the public D&amp;R documentation and the SDK's help text; where those are silent the choice is listed
/// as a guess in the emulator README ("D&amp;R engine").
/// </summary>
internal static class DetectionEngine
{
    /// <summary>Operators the engine evaluates.</summary>
    public static readonly IReadOnlySet<string> Evaluated = new HashSet<string>(StringComparer.Ordinal)
    {
        "and", "or", "is", "contains", "starts with", "ends with", "exists", "matches", "is greater than", "is lower than",
        "is windows", "is linux", "is mac", "is chrome", "is platform", "is tagged", "is 32 bit", "is 64 bit", "cidr",
        "is public address", "is private address", "scope",
    };

    /// <summary>Documented operators the engine accepts but does not evaluate (they never match, and say so in <c>errors</c>).</summary>
    public static readonly IReadOnlySet<string> NotEvaluated = new HashSet<string>(StringComparer.Ordinal)
    {
        "lookup", "external", "string distance",
    };

    /// <summary>Keys of stateful rules, accepted but not evaluated.</summary>
    private static readonly string[] StatefulKeys = ["with child", "with descendant", "with events"];

    private static readonly string[] StringOps = ["is", "contains", "starts with", "ends with", "matches", "cidr", "is greater than", "is lower than"];

    private static readonly TimeSpan RegexTimeout = TimeSpan.FromMilliseconds(200);

    /// <summary>Checks a detect component; throws <see cref="RuleCompileException"/> naming the first problem.</summary>
    public static void Validate(JsonNode? detect)
    {
        if (detect is not JsonObject node)
        {
            throw new RuleCompileException("detect must be a mapping");
        }

        ValidateNode(node, "detect");
    }

    private static void ValidateNode(JsonObject node, string where)
    {
        foreach (var flag in new[] { "not", "case sensitive", "length of", "truthy" })
        {
            if (node[flag] is { } value && value.GetValueKind() is not (JsonValueKind.True or JsonValueKind.False))
            {
                throw new RuleCompileException($"{where}: '{flag}' must be true or false");
            }
        }

        if (node["event"] is { } evt && evt.GetValueKind() != JsonValueKind.String)
        {
            throw new RuleCompileException($"{where}: 'event' must be an event type name");
        }

        if (node["events"] is { } evts && (evts is not JsonArray list || list.Any(e => e?.GetValueKind() != JsonValueKind.String)))
        {
            throw new RuleCompileException($"{where}: 'events' must be a list of event type names");
        }

        if (node["op"] is null)
        {
            if (node.ContainsKey("event") || node.ContainsKey("events"))
            {
                return;
            }

            throw new RuleCompileException($"{where}: missing 'op'");
        }

        if (node["op"]!.GetValueKind() != JsonValueKind.String)
        {
            throw new RuleCompileException($"{where}: 'op' must be text");
        }

        var op = node["op"]!.GetValue<string>();
        if (!Evaluated.Contains(op) && !NotEvaluated.Contains(op))
        {
            throw new RuleCompileException($"{where}: unknown operator '{op}'");
        }

        var here = $"{where} (op '{op}')";
        switch (op)
        {
            case "and" or "or":
                if (node["rules"] is not JsonArray rules || rules.Count == 0)
                {
                    throw new RuleCompileException($"{here}: 'rules' must be a non-empty list");
                }

                for (var i = 0; i < rules.Count; i++)
                {
                    ValidateNode(rules[i] as JsonObject ?? throw new RuleCompileException($"{here}: rules[{i}] must be a mapping"), $"{where}/rules[{i}]");
                }

                break;
            case "scope":
                RequirePath(node, here);
                ValidateNode(node["rule"] as JsonObject ?? throw new RuleCompileException($"{here}: 'rule' must be a mapping"), $"{where}/rule");
                break;
            case "exists" or "is public address" or "is private address":
                RequirePath(node, here);
                break;
            case "is platform":
                if (node["name"]?.GetValueKind() != JsonValueKind.String || !SensorPlatforms.TryParse(node["name"]!.GetValue<string>(), out _))
                {
                    throw new RuleCompileException($"{here}: 'name' must be a platform ({string.Join(", ", SensorPlatforms.Names.Take(8))}...)");
                }

                break;
            case "is tagged":
                if (node["tag"]?.GetValueKind() != JsonValueKind.String)
                {
                    throw new RuleCompileException($"{here}: 'tag' is required");
                }

                break;
            default:
                if (StringOps.Contains(op))
                {
                    RequirePath(node, here);
                    ValidateValue(node, op, here);
                }

                break;
        }
    }

    private static void RequirePath(JsonObject node, string where)
    {
        if (node["path"]?.GetValueKind() != JsonValueKind.String || string.IsNullOrWhiteSpace(node["path"]!.GetValue<string>()))
        {
            throw new RuleCompileException($"{where}: 'path' is required");
        }
    }

    private static void ValidateValue(JsonObject node, string op, string where)
    {
        var value = op == "matches" ? node["re"] ?? node["value"] : node["value"];
        if (value is null || value.GetValueKind() is JsonValueKind.Object or JsonValueKind.Array or JsonValueKind.Null)
        {
            throw new RuleCompileException($"{where}: '{(op == "matches" ? "re" : "value")}' is required");
        }

        switch (op)
        {
            case "matches":
                try
                {
                    _ = new Regex(Text(value), RegexOptions.None, RegexTimeout);
                }
                catch (ArgumentException e)
                {
                    throw new RuleCompileException($"{where}: invalid regular expression: {e.Message}");
                }

                break;
            case "is greater than" or "is lower than" when Number(value) is null:
                throw new RuleCompileException($"{where}: 'value' must be a number");
            case "cidr" when !IPNetwork.TryParse(Text(value), out _):
                throw new RuleCompileException($"{where}: 'value' must be a network such as 10.0.0.0/8");
        }
    }

    /// <summary>Runs a validated detect component against one event.</summary>
    public static bool Evaluate(JsonObject detect, JsonObject item, EvaluationContext context) => Node(detect, item, item, context, 0);

    private static bool Node(JsonObject node, JsonObject item, JsonNode scope, EvaluationContext context, int depth)
    {
        context.Evaluations++;
        if (!EventTypeMatches(node, item))
        {
            context.Trace(depth, $"event type {EventType(item) ?? "(none)"} is not {EventFilter(node)}: false");
            return false;
        }

        foreach (var key in StatefulKeys.Where(node.ContainsKey))
        {
            context.Note($"'{key}' (stateful rules) is not evaluated by the emulator");
            return false;
        }

        if (node["op"]?.GetValue<string>() is not { } op)
        {
            context.Trace(depth, $"event type {EventType(item)}: true");
            return true;
        }

        var result = op switch
        {
            "and" => Rules(node).All(r => Node(r, item, scope, context, depth + 1)),
            "or" => Rules(node).Any(r => Node(r, item, scope, context, depth + 1)),
            "scope" => PathValues(scope, Path(node)).Any(v => Node((JsonObject)node["rule"]!, item, v!, context, depth + 1)),
            "exists" => PathValues(scope, Path(node)).Any(v => !Flag(node, "truthy") || Truthy(v)),
            "is windows" => Platform(item) == SensorPlatforms.Windows,
            "is linux" => Platform(item) == SensorPlatforms.Linux,
            "is mac" => Platform(item) == SensorPlatforms.MacOs,
            "is chrome" => Platform(item) == SensorPlatforms.ChromeOs,
            "is platform" => SensorPlatforms.TryParse(node["name"]!.GetValue<string>(), out var code) && Platform(item) == code,
            "is 32 bit" => Architecture(item) is SensorArchitectures.X86 or SensorArchitectures.Arm or SensorArchitectures.Arml,
            "is 64 bit" => Architecture(item) is SensorArchitectures.X64 or SensorArchitectures.Arm64 or SensorArchitectures.Alpine64,
            "is tagged" => Tags(item).Contains(node["tag"]!.GetValue<string>(), StringComparer.Ordinal),
            "is public address" => PathValues(scope, Path(node)).Any(v => Address(v) is { } ip && !IsPrivate(ip)),
            "is private address" => PathValues(scope, Path(node)).Any(v => Address(v) is { } ip && IsPrivate(ip)),
            _ when NotEvaluated.Contains(op) => NotEvaluatedOp(op, context),
            _ => PathValues(scope, Path(node)).Any(v => Compare(op, node, v)),
        };
        if (Flag(node, "not"))
        {
            result = !result;
        }

        context.Trace(depth, $"op '{op}'{(node["path"] is { } p ? $" {p}" : string.Empty)}{(Flag(node, "not") ? " (not)" : string.Empty)}: {(result ? "true" : "false")}");
        return result;
    }

    private static bool NotEvaluatedOp(string op, EvaluationContext context)
    {
        context.Note($"operator '{op}' is not evaluated by the emulator");
        return false;
    }

    private static IEnumerable<JsonObject> Rules(JsonObject node) => ((JsonArray)node["rules"]!).OfType<JsonObject>();

    private static string Path(JsonObject node) => node["path"]!.GetValue<string>();

    private static bool Flag(JsonObject node, string name) => node[name]?.GetValueKind() == JsonValueKind.True;

    private static bool EventTypeMatches(JsonObject node, JsonObject item)
    {
        var type = EventType(item);
        if (node["event"] is { } single)
        {
            return string.Equals(single.GetValue<string>(), type, StringComparison.Ordinal);
        }

        return node["events"] is not JsonArray list || list.Any(e => string.Equals(e!.GetValue<string>(), type, StringComparison.Ordinal));
    }

    private static string EventFilter(JsonObject node) => node["event"]?.GetValue<string>() ?? string.Join("|", (node["events"] as JsonArray ?? []).Select(e => e!.GetValue<string>()));

    private static string? EventType(JsonObject item) =>
        item["routing"]?["event_type"] is { } t && t.GetValueKind() == JsonValueKind.String ? t.GetValue<string>() : null;

    private static uint? Platform(JsonObject item) => item["routing"]?["plat"] is { } p && p.GetValueKind() == JsonValueKind.Number ? p.GetValue<uint>() : null;

    private static int? Architecture(JsonObject item) => item["routing"]?["arch"] is { } a && a.GetValueKind() == JsonValueKind.Number ? a.GetValue<int>() : null;

    private static IEnumerable<string> Tags(JsonObject item) =>
        (item["routing"]?["tags"] as JsonArray ?? []).Where(t => t?.GetValueKind() == JsonValueKind.String).Select(t => t!.GetValue<string>());

    /// <summary>
    /// The values a path names, from <paramref name="root"/>: steps split on <c>/</c>; <c>*</c> is every member or element
    /// at that level; <c>?</c> is the node itself and every node below it (any depth); a named step on a list applies to
    /// each element.
    /// </summary>
    public static IEnumerable<JsonNode?> PathValues(JsonNode? root, string path)
    {
        IEnumerable<JsonNode?> current = [root];
        foreach (var step in path.Split('/', StringSplitOptions.RemoveEmptyEntries))
        {
            current = step switch
            {
                "*" => current.SelectMany(Children),
                "?" => current.SelectMany(Descendants),
                _ => current.SelectMany(n => Named(n, step)),
            };
        }

        return current.Where(n => n is not null);
    }

    private static IEnumerable<JsonNode?> Children(JsonNode? node) => node switch
    {
        JsonObject o => o.Select(p => p.Value),
        JsonArray a => a,
        _ => [],
    };

    private static IEnumerable<JsonNode?> Descendants(JsonNode? node)
    {
        yield return node;
        foreach (var child in Children(node))
        {
            foreach (var below in Descendants(child))
            {
                yield return below;
            }
        }
    }

    private static IEnumerable<JsonNode?> Named(JsonNode? node, string name) => node switch
    {
        JsonObject o when o.TryGetPropertyValue(name, out var v) => [v],
        JsonArray a => a.SelectMany(e => Named(e, name)),
        _ => [],
    };

    private static bool Compare(string op, JsonObject node, JsonNode? actual)
    {
        if (actual is null || actual.GetValueKind() is JsonValueKind.Object or JsonValueKind.Array)
        {
            return false;
        }

        var ignoreCase = node["case sensitive"]?.GetValueKind() == JsonValueKind.False;
        var comparison = ignoreCase ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
        var expected = op == "matches" ? node["re"] ?? node["value"] : node["value"];
        var text = Text(actual);
        switch (op)
        {
            case "is":
                return Number(actual) is { } a && Number(expected) is { } b ? a == b : string.Equals(text, Text(expected), comparison);
            case "contains":
                return text.Contains(Text(expected), comparison);
            case "starts with":
                return text.StartsWith(Text(expected), comparison);
            case "ends with":
                return text.EndsWith(Text(expected), comparison);
            case "matches":
                return Regex.IsMatch(text, Text(expected), ignoreCase ? RegexOptions.IgnoreCase : RegexOptions.None, RegexTimeout);
            case "cidr":
                return IPAddress.TryParse(text, out var ip) && IPNetwork.Parse(Text(expected)).Contains(ip);
            case "is greater than" or "is lower than":
                var left = Flag(node, "length of") ? text.Length : Number(actual);
                var right = Number(expected);
                return left is { } l && right is { } r && (op == "is greater than" ? l > r : l < r);
            default:
                return false;
        }
    }

    private static string Text(JsonNode? node) => node?.GetValueKind() switch
    {
        JsonValueKind.String => node.GetValue<string>(),
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        null or JsonValueKind.Null => string.Empty,
        _ => node.ToJsonString(),
    };

    private static decimal? Number(JsonNode? node) => node?.GetValueKind() switch
    {
        JsonValueKind.Number => node.GetValue<decimal>(),
        JsonValueKind.String when decimal.TryParse(node.GetValue<string>(), NumberStyles.Float, CultureInfo.InvariantCulture, out var d) => d,
        _ => null,
    };

    private static bool Truthy(JsonNode? node) => node?.GetValueKind() switch
    {
        JsonValueKind.String => node.GetValue<string>().Length > 0,
        JsonValueKind.Number => node.GetValue<decimal>() != 0,
        JsonValueKind.True => true,
        JsonValueKind.Object => ((JsonObject)node).Count > 0,
        JsonValueKind.Array => ((JsonArray)node).Count > 0,
        _ => false,
    };

    private static IPAddress? Address(JsonNode? node) => IPAddress.TryParse(Text(node), out var ip) ? ip : null;

    private static readonly IPNetwork[] PrivateNetworks =
    [
        IPNetwork.Parse("10.0.0.0/8"), IPNetwork.Parse("172.16.0.0/12"), IPNetwork.Parse("192.168.0.0/16"), IPNetwork.Parse("127.0.0.0/8"),
        IPNetwork.Parse("169.254.0.0/16"), IPNetwork.Parse("fc00::/7"), IPNetwork.Parse("fe80::/10"), IPNetwork.Parse("::1/128"),
    ];

    private static bool IsPrivate(IPAddress ip) => PrivateNetworks.Any(n => n.Contains(ip.IsIPv4MappedToIPv6 ? ip.MapToIPv4() : ip));
}

/// <summary>The counters, notes and trace lines of one replay.</summary>
internal sealed class EvaluationContext(bool tracing)
{
    private readonly List<string> _trace = [];

    public long Evaluations { get; set; }

    public HashSet<string> Notes { get; } = new(StringComparer.Ordinal);

    public void Note(string note) => Notes.Add(note);

    public void Trace(int depth, string line)
    {
        if (tracing)
        {
            _trace.Add(new string(' ', depth * 2) + line);
        }
    }

    /// <summary>The trace lines since the last call, innermost first (the order they were decided in).</summary>
    public JsonArray TakeTrace()
    {
        var lines = new JsonArray(_trace.Select(l => (JsonNode?)JsonValue.Create(l)).ToArray());
        _trace.Clear();
        return lines;
    }
}
