using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using LimaCharlie.Client.Yaml;

namespace LimaCharlie.Client.Api
{
    /// <summary>
    /// Sample events as users keep them: JSON text holding one event or a list, JSON Lines (one event per line), YAML, or
    /// files of those (<c>.json</c>, <c>.jsonl</c>, <c>.yaml</c>, <c>.yml</c>). An event is a mapping with <c>routing</c>
    /// and/or <c>event</c>, the shape Get-LcEvent reads and the replay service evaluates.
    /// </summary>
    public static class ReplayEvents
    {
        public static readonly string[] FileExtensions = { ".json", ".jsonl", ".ndjson", ".yaml", ".yml" };

        public static IReadOnlyList<JsonObject> Parse(string text, string origin)
        {
            var trimmed = text.Trim();
            if (trimmed.Length == 0) return Array.Empty<JsonObject>();
            JsonNode? root;
            try
            {
                root = JsonNode.Parse(trimmed);
            }
            catch (JsonException) when (trimmed.StartsWith("{", StringComparison.Ordinal) && trimmed.Contains('\n'))
            {
                return Lines(trimmed, origin);
            }
            catch (JsonException)
            {
                root = YamlJson.Parse(trimmed, (why, e) => Invalid(origin, $"it is neither JSON, JSON Lines nor YAML ({why})", e));
            }
            return root switch
            {
                JsonArray list => list.Select((e, i) => Check(e, $"{origin}, event {i + 1}")).ToArray(),
                _ => new[] { Check(root, origin) },
            };
        }

        public static IReadOnlyList<JsonObject> Load(string path)
        {
            string text;
            try { text = File.ReadAllText(path); }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new LcConfigurationException($"Cannot read the event file '{path}': {e.Message}", ErrorIds.InvalidEvent, null, e);
            }
            var origin = $"file '{path}'";
            var ext = Path.GetExtension(path).ToLowerInvariant();
            return ext is ".jsonl" or ".ndjson" ? Lines(text, origin) : Parse(text, origin);
        }

        /// <summary>Checks one event: a mapping with <c>routing</c> or <c>event</c> (the other defaults to an empty mapping).</summary>
        public static JsonObject Check(JsonNode? node, string origin)
        {
            if (node is not JsonObject item || !(item.ContainsKey("routing") || item.ContainsKey("event")))
                throw Invalid(origin, "an event is a mapping with 'routing' (event_type, sid...) and 'event' (its fields)");
            if (item["routing"] is not (null or JsonObject) || item["event"] is not (null or JsonObject))
                throw Invalid(origin, "'routing' and 'event' must be mappings");
            var copy = (JsonObject)item.DeepClone();
            copy["routing"] ??= new JsonObject();
            copy["event"] ??= new JsonObject();
            return copy;
        }

        private static IReadOnlyList<JsonObject> Lines(string text, string origin)
        {
            var events = new List<JsonObject>();
            var number = 0;
            foreach (var line in text.Split('\n'))
            {
                number++;
                if (line.Trim().Length == 0) continue;
                JsonNode? node;
                try { node = JsonNode.Parse(line); }
                catch (JsonException e) { throw Invalid($"{origin}, line {number}", $"it is not JSON ({e.Message})", e); }
                events.Add(Check(node, $"{origin}, line {number}"));
            }
            return events;
        }

        private static LcConfigurationException Invalid(string origin, string why, Exception? inner = null) =>
            new($"The events in {origin} are not valid: {why}.", ErrorIds.InvalidEvent, null, inner);
    }
}
