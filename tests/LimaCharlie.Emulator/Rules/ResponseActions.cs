using System.Text.Json;
using System.Text.Json.Nodes;

namespace LimaCharlie.Emulator.Rules;

/// <summary>
/// The <c>respond</c> component: checked (<see cref="Validate"/>) and, for a matching event, recorded as the results a
/// replay answers (<see cref="Record"/>), never carried out: no tag is added, no sensor isolated or tasked.
/// </summary>
internal static class ResponseActions
{
    /// <summary>Documented actions and the field each one needs (null: none).</summary>
    private static readonly Dictionary<string, string?> Known = new(StringComparer.Ordinal)
    {
        ["report"] = "name",
        ["add tag"] = "tag",
        ["remove tag"] = "tag",
        ["isolate network"] = null,
        ["rejoin network"] = null,
        ["seal"] = null,
        ["unseal"] = null,
        ["task"] = "command",
        ["output"] = "name",
        ["add var"] = "name",
        ["del var"] = "name",
        ["service request"] = "name",
        ["extension request"] = "extension name",
        ["undelete sensor"] = null,
        ["delete sensor"] = null,
        ["wait"] = "duration",
        ["add ioc"] = null,
        ["start ai agent"] = null,
    };

    public static void Validate(JsonNode? respond)
    {
        var list = respond switch
        {
            JsonArray array => array,
            null => throw new RuleCompileException("respond is required"),
            _ => throw new RuleCompileException("respond must be a list of actions"),
        };
        for (var i = 0; i < list.Count; i++)
        {
            var where = $"respond[{i}]";
            if (list[i] is not JsonObject action)
            {
                throw new RuleCompileException($"{where} must be a mapping");
            }

            if (action["action"]?.GetValueKind() != JsonValueKind.String)
            {
                throw new RuleCompileException($"{where}: missing 'action'");
            }

            var name = action["action"]!.GetValue<string>();
            if (!Known.TryGetValue(name, out var required))
            {
                throw new RuleCompileException($"{where}: unknown action '{name}'");
            }

            if (required is not null && (action[required] is not { } value || (value.GetValueKind() == JsonValueKind.String && value.GetValue<string>().Length == 0)))
            {
                throw new RuleCompileException($"{where} (action '{name}'): '{required}' is required");
            }
        }
    }

    /// <summary>
    /// One result per action for a matching event: <c>{"action", "data"}</c>, the data being the action's own fields and
    /// the event's routing; a report's data is the detection it would create (<c>cat</c>, <c>detect</c>, <c>routing</c>,
    /// <c>priority</c>, <c>detect_mtd</c>).
    /// </summary>
    public static IEnumerable<JsonObject> Record(JsonArray respond, JsonObject item)
    {
        foreach (var action in respond.OfType<JsonObject>())
        {
            var name = action["action"]!.GetValue<string>();
            var data = new JsonObject();
            foreach (var (key, value) in action)
            {
                if (key != "action")
                {
                    data[key] = value?.DeepClone();
                }
            }

            if (name == "report")
            {
                data["cat"] = action["name"]?.DeepClone();
                data["detect"] = item.DeepClone();
                data["detect_mtd"] = action["metadata"]?.DeepClone() ?? new JsonObject();
                data["priority"] = action["priority"]?.DeepClone() ?? 0;
            }

            data["routing"] = item["routing"]?.DeepClone();
            yield return new JsonObject { ["action"] = name, ["data"] = data };
        }
    }
}
