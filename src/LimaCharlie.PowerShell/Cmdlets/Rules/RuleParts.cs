using System.Management.Automation;
using System.Text.Json.Nodes;
using LimaCharlie.PowerShell.Infrastructure;

namespace LimaCharlie.PowerShell.Cmdlets.Rules
{
    /// <summary>The parts of a rule given as parameters (-Detect, -Respond): hashtables, objects, lists, or YAML/JSON text.</summary>
    internal static class RuleParts
    {
        public static JsonObject Part(object? value, string what, string name) => ConfigInput.ToObject(value, $"{what} of rule '{name}'");

        public static JsonNode? PartOrList(object? value, string what, string name) => value switch
        {
            string text => Text(text, what, name),
            PSObject { BaseObject: string text } => Text(text, what, name),
            System.Collections.IDictionary or PSObject { BaseObject: PSCustomObject } => Part(value, what, name),
            System.Collections.IEnumerable list => JsonNode.Parse(PSJson.Serialize(list)),
            _ => Part(value, what, name),
        };

        private static JsonNode? Text(string text, string what, string name) =>
            LimaCharlie.Client.Yaml.YamlJson.Parse(text, (why, e) => ConfigInput.Invalid($"{what} of rule '{name}'", why, e));
    }
}
