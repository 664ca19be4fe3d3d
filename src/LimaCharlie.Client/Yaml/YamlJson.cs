using System;
using System.Globalization;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace LimaCharlie.Client.Yaml
{
    /// <summary>
    /// Configuration as users keep it: YAML or JSON text turned into JSON. Plain YAML scalars follow the YAML core schema
    /// (true/false, null, integers, floats); quoted ones stay strings.
    /// </summary>
    public static class YamlJson
    {
        /// <summary>The JSON of a YAML or JSON document; <paramref name="invalid"/> makes the error for text that is neither.</summary>
        public static JsonNode? Parse(string text, Func<string, Exception, Exception> invalid)
        {
            var trimmed = text.TrimStart();
            if (trimmed.StartsWith("{", StringComparison.Ordinal) || trimmed.StartsWith("[", StringComparison.Ordinal))
            {
                try { return JsonNode.Parse(text); }
                catch (JsonException) { /* YAML flow style is also valid; let the YAML parser say what is wrong */ }
            }
            var stream = YamlText.Parse(text, invalid);
            return stream.Documents.Count == 0 ? null : Convert(stream.Documents[0].RootNode);
        }

        public static JsonNode? Convert(YamlNode node) => node switch
        {
            YamlMappingNode map => new JsonObject(map.Children.Select(kv =>
                new System.Collections.Generic.KeyValuePair<string, JsonNode?>(((YamlScalarNode)kv.Key).Value ?? string.Empty, Convert(kv.Value)))),
            YamlSequenceNode seq => new JsonArray(seq.Children.Select(Convert).ToArray()),
            YamlScalarNode scalar => Scalar(scalar),
            _ => null,
        };

        private static JsonNode? Scalar(YamlScalarNode scalar)
        {
            var value = scalar.Value ?? string.Empty;
            if (scalar.Style != ScalarStyle.Plain) return JsonValue.Create(value);
            switch (value)
            {
                case "" or "~" or "null" or "Null" or "NULL": return null;
                case "true" or "True" or "TRUE": return JsonValue.Create(true);
                case "false" or "False" or "FALSE": return JsonValue.Create(false);
            }
            if (long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var l)) return JsonValue.Create(l);
            if (value.Any(char.IsDigit) && double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var d) && !double.IsInfinity(d))
                return JsonValue.Create(d);
            return JsonValue.Create(value);
        }
    }
}
