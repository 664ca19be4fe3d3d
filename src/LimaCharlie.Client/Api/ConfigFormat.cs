using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json.Nodes;

namespace LimaCharlie.Client.Api
{
    /// <summary>The metadata a configuration file gives an item; null where the file does not say.</summary>
    public sealed class ConfigMetadata
    {
        public bool? Enabled { get; init; }
        public string[]? Tags { get; init; }
        public string? Comment { get; init; }
        /// <summary>Expiry in Unix milliseconds; 0 = never.</summary>
        public long? Expiry { get; init; }

        /// <summary>The change a hive write makes: what the file says, with what <paramref name="overrides"/> says winning.</summary>
        public HiveMetadataChange ToChange(HiveMetadataChange overrides) => new()
        {
            Enabled = overrides.Enabled ?? Enabled,
            Tags = overrides.Tags ?? Tags,
            Comment = overrides.Comment ?? Comment,
            Expiry = overrides.Expiry ?? (Expiry is { } ms ? (ms > 0 ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : DateTimeOffset.MinValue) : null),
        };
    }

    /// <summary>One item as a configuration file holds it: its name, content, metadata and the file it came from.</summary>
    public sealed record ConfigDocument(string Name, JsonObject Body, ConfigMetadata Metadata, string Origin);

    /// <summary>
    /// The one reader of the configuration file format, shared by Import-LcOrgConfig and every -Path writer. A document
    /// is either the layout Export-LcOrgConfig writes (<c>name</c>, <c>enabled</c>, <c>tags</c>, <c>comment</c>,
    /// <c>expiry</c> beside the content) or the hive record layout of the LimaCharlie CLI (<c>data</c> and
    /// <c>usr_mtd</c>). A key the reader does not understand is reported through <c>warn</c> with the file's name and
    /// left out; a metadata value of the wrong type is an error naming the file.
    /// </summary>
    public static class ConfigFormat
    {
        private static readonly string[] MetadataKeys = { "enabled", "tags", "comment", "expiry" };
        private static readonly string[] DrKeys = { "detect", "respond", "tests" };
        private static readonly string[] OutputKeys = { "module", "type", "fields" };

        public static bool IsDrKind(string kind) => kind.StartsWith(RuleDefinitions.DrHivePrefix, StringComparison.Ordinal);

        /// <summary>True when <paramref name="root"/> is one item in the hive record layout (<c>data</c> + <c>usr_mtd</c>).</summary>
        public static bool IsRecordLayout(JsonObject root, string kind) =>
            root["data"] is JsonObject && (root.ContainsKey("usr_mtd") || IsDrKind(kind) || kind == RuleDefinitions.FpHive);

        /// <summary>Reads one item of <paramref name="kind"/> (a hive name or "output") from a parsed document.</summary>
        public static ConfigDocument Read(JsonObject root, string kind, string defaultName, string origin, Action<string> warn, LcConfigErrorFactory invalid)
        {
            var name = root["name"] is JsonValue n && n.TryGetValue<string>(out var given) && given.Length > 0 ? given : defaultName;
            JsonObject metadataSource;
            JsonObject content;
            if (IsRecordLayout(root, kind))
            {
                foreach (var (key, _) in root)
                    if (key is not ("name" or "data" or "usr_mtd" or "sys_mtd"))
                        warn($"The key '{key}' of '{name}' in {origin} is not understood and was ignored (a hive record has data and usr_mtd).");
                metadataSource = root["usr_mtd"] as JsonObject ?? new JsonObject();
                foreach (var (key, _) in metadataSource)
                    if (!MetadataKeys.Contains(key))
                        warn($"The metadata key 'usr_mtd.{key}' of '{name}' in {origin} is not understood and was ignored.");
                content = (JsonObject)root["data"]!;
            }
            else
            {
                metadataSource = root;
                content = new JsonObject();
                foreach (var (key, value) in root)
                    if (key != "name" && !MetadataKeys.Contains(key)) content[key] = value?.DeepClone();
            }

            var metadata = new ConfigMetadata
            {
                Enabled = metadataSource["enabled"] switch
                {
                    null => null,
                    JsonValue v when v.TryGetValue<bool>(out var b) => b,
                    var other => throw invalid(name, origin, $"'enabled' must be true or false, not {other.ToJsonString()}"),
                },
                Tags = metadataSource["tags"] switch
                {
                    null => null,
                    JsonArray list when list.All(t => t is JsonValue) => list.Select(t => t!.ToString()).ToArray(),
                    JsonValue single => new[] { single.ToString() },
                    var other => throw invalid(name, origin, $"'tags' must be a list of text, not {other.ToJsonString()}"),
                },
                Comment = metadataSource["comment"] switch
                {
                    null => null,
                    JsonValue v => v.ToString(),
                    var other => throw invalid(name, origin, $"'comment' must be text, not {other.ToJsonString()}"),
                },
                Expiry = metadataSource.ContainsKey("expiry") ? Expiry(metadataSource["expiry"], name, origin, warn, invalid) : null,
            };
            return new ConfigDocument(name, Content(kind, content, name, origin, warn), metadata, origin);
        }

        private static JsonObject Content(string kind, JsonObject content, string name, string origin, Action<string> warn)
        {
            string[]? known = IsDrKind(kind) ? DrKeys : kind == OrgConfigApi.OutputKind ? OutputKeys : null;
            if (kind == RuleDefinitions.FpHive && content["rule"] is JsonObject wrapped && !content.ContainsKey("op"))
            {
                foreach (var (key, _) in content)
                    if (key != "rule") warn($"The key '{key}' of '{name}' in {origin} is not understood and was ignored (the rule is under 'rule').");
                return (JsonObject)wrapped.DeepClone();
            }
            if (known is null) return content;
            var kept = new JsonObject();
            foreach (var (key, value) in content)
            {
                if (known.Contains(key)) kept[key] = value?.DeepClone();
                else warn($"The key '{key}' of '{name}' in {origin} is not understood and was ignored " +
                          $"(known keys: name, {string.Join(", ", IsDrKind(kind) ? MetadataKeys.Concat(DrKeys) : known)}).");
            }
            return kept;
        }

        private static long Expiry(JsonNode? node, string name, string origin, Action<string> warn, LcConfigErrorFactory invalid)
        {
            switch (node)
            {
                case null: return 0;
                case JsonValue v when v.TryGetValue<long>(out var ms) && ms >= 0:
                    if (ms is > 0 and < 100_000_000_000)
                        warn($"The expiry {ms} of '{name}' in {origin} is read as Unix milliseconds ({DateTimeOffset.FromUnixTimeMilliseconds(ms):u}); " +
                             "seconds would need three more digits.");
                    return ms;
                case JsonValue v when v.TryGetValue<string>(out var text) &&
                                      DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var when):
                    return when.ToUnixTimeMilliseconds();
                default:
                    throw invalid(name, origin, $"'expiry' must be Unix milliseconds (0 = never) or a date, not {node.ToJsonString()}");
            }
        }
    }

    /// <summary>Makes the error of an invalid item: its name, where it came from, and why.</summary>
    public delegate LcConfigurationException LcConfigErrorFactory(string name, string origin, string why);
}
