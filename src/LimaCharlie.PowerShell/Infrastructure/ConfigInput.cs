using System;
using System.Management.Automation;
using System.Text.Json.Nodes;
using LimaCharlie.Client.Yaml;

namespace LimaCharlie.PowerShell.Infrastructure
{
    /// <summary>
    /// Configuration in the forms users keep it (YAML or JSON text, hashtables, objects) turned into the JSON object the
    /// API stores, with an error that names where it came from.
    /// </summary>
    internal static class ConfigInput
    {
        public static JsonObject ToObject(object? value, string origin)
        {
            // Text read with Get-Content comes wrapped (PSPath and other notes): it is still text.
            if (value is PSObject { BaseObject: string wrapped }) value = wrapped;
            var node = value switch
            {
                null => null,
                string text => YamlJson.Parse(text, (why, e) => Invalid(origin, why, e)),
                _ => JsonNode.Parse(PSJson.Serialize(value)),
            };
            return node as JsonObject ?? throw Invalid(origin, "it is not a mapping of names to values", null);
        }

        public static LcConfigurationException Invalid(string origin, string why, Exception? inner) =>
            new($"The configuration in {origin} is not valid: {why}.", ErrorIds.InvalidConfiguration,
                "Give YAML or JSON text, a hashtable, or an object from a Get- cmdlet.", inner);
    }
}
