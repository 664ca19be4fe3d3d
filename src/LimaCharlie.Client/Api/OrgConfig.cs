using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using LimaCharlie.Client.Json;
using LimaCharlie.Client.Logging;
using LimaCharlie.Client.Yaml;
using YamlDotNet.Serialization;

namespace LimaCharlie.Client.Api
{
    /// <summary>One piece of an organization's configuration: a rule, an FP rule, an output, or a hive record.</summary>
    public sealed class ConfigItem
    {
        public ConfigItem(string kind, string name, JsonObject body, bool enabled, string[] tags, string? comment, long expiry, string? etag = null)
        {
            Kind = kind; Name = name; Body = body; Enabled = enabled; Tags = tags; Comment = comment; Expiry = expiry; Etag = etag;
        }

        /// <summary>The hive (dr-general, fp, lookup ...) or "output".</summary>
        public string Kind { get; }
        public string Name { get; }
        /// <summary>The record's data, or an output's settings (module, type, fields; secret fields left out).</summary>
        public JsonObject Body { get; }
        public bool Enabled { get; }
        public string[] Tags { get; }
        public string? Comment { get; }
        /// <summary>Expiry in Unix milliseconds; 0 = never.</summary>
        public long Expiry { get; }
        public string? Etag { get; }
        public bool IsOutput => Kind == OrgConfig.OutputKind;

        /// <summary>The comparable form: body and metadata as canonical JSON (sorted keys), without the etag.</summary>
        public string Fingerprint() => OrgConfig.Canonical(new JsonObject
        {
            ["body"] = Body.DeepClone(),
            ["enabled"] = IsOutput || Enabled,
            ["tags"] = new JsonArray(Tags.OrderBy(t => t, StringComparer.Ordinal).Select(t => (JsonNode?)JsonValue.Create(t)).ToArray()),
            ["comment"] = Comment ?? string.Empty,
            ["expiry"] = Expiry,
        });
    }

    /// <summary>A difference between two configurations, or a change an import makes.</summary>
    public sealed record ConfigChange(string Kind, string Name, string Action, ConfigItem? From, ConfigItem? To);

    /// <summary>
    /// Configuration as code: an organization's D&amp;R rules, FP rules, outputs and chosen hives, read from the API or from a
    /// folder of YAML files (one file per item: <c>&lt;kind&gt;/&lt;name&gt;.yaml</c>), compared, and applied with etags.
    /// </summary>
    public static class OrgConfig
    {
        public const string OutputKind = "output";
        public static readonly string[] RuleHives = { "dr-general", "dr-managed", "dr-service", RuleDefinitions.FpHive };

        public static async Task<List<ConfigItem>> ReadOrgAsync(LcConnection connection, Guid? organizationId, IReadOnlyCollection<string> hives,
            ILcLog log, CancellationToken ct)
        {
            var oid = connection.ResolveOrganization(organizationId);
            var items = new List<ConfigItem>();
            foreach (var hive in hives.Distinct())
            {
                foreach (var record in await HiveApi.ListAsync<HiveRecord>(connection, oid, hive, log, ct).ConfigureAwait(false))
                {
                    var body = record.Data is null ? new JsonObject() : (JsonObject)JsonNode.Parse(JsonSerializer.Serialize(record.Data))!;
                    items.Add(new ConfigItem(hive, record.Key, body, record.Enabled, record.Tags, record.Comment,
                        record.Expiry?.ToUnixTimeMilliseconds() ?? 0, record.Etag));
                }
            }
            foreach (var output in await OutputApi.ListAsync(connection, oid, log, ct).ConfigureAwait(false))
                items.Add(new ConfigItem(OutputKind, output.Name, OutputBody(output), true, Array.Empty<string>(), null, 0));
            return items.OrderBy(i => i.Kind, StringComparer.Ordinal).ThenBy(i => i.Name, StringComparer.Ordinal).ToList();
        }


        private static JsonObject OutputBody(Output output)
        {
            var fields = new JsonObject();
            foreach (var (key, value) in output.Fields.OrderBy(f => f.Key, StringComparer.Ordinal)) fields[key] = value;
            return new JsonObject { ["module"] = output.Module, ["type"] = output.DataType, ["fields"] = fields };
        }

        /// <summary>Writes one YAML file per item under <paramref name="folder"/>; returns the files written.</summary>
        public static IReadOnlyList<string> WriteFolder(string folder, IEnumerable<ConfigItem> items)
        {
            var serializer = new SerializerBuilder().WithQuotingNecessaryStrings().Build();
            var written = new List<string>();
            foreach (var item in items)
            {
                var dir = Path.Combine(folder, item.Kind);
                Directory.CreateDirectory(dir);
                var doc = new Dictionary<string, object?> { ["name"] = item.Name };
                if (!item.IsOutput)
                {
                    doc["enabled"] = item.Enabled;
                    if (item.Tags.Length > 0) doc["tags"] = item.Tags;
                    if (!string.IsNullOrEmpty(item.Comment)) doc["comment"] = item.Comment;
                    if (item.Expiry > 0) doc["expiry"] = item.Expiry;
                }
                foreach (var (key, value) in item.Body) doc[key] = Plain(value);
                var file = Path.Combine(dir, FileName(item.Name));
                File.WriteAllText(file, serializer.Serialize(doc), new UTF8Encoding(false));
                written.Add(file);
            }
            return written;
        }

        /// <summary>Reads a folder written by <see cref="WriteFolder"/> (or by hand); every problem names the file.</summary>
        public static List<ConfigItem> ReadFolder(string folder)
        {
            if (!Directory.Exists(folder))
                throw new LcConfigurationException($"The configuration folder '{folder}' does not exist.", "LimaCharlie.InvalidConfiguration");
            var items = new List<ConfigItem>();
            foreach (var dir in Directory.EnumerateDirectories(folder).OrderBy(d => d, StringComparer.Ordinal))
            {
                var kind = Path.GetFileName(dir);
                foreach (var file in Directory.EnumerateFiles(dir).Where(IsYamlOrJson).OrderBy(f => f, StringComparer.Ordinal))
                    items.Add(ReadItem(kind, file));
            }
            var duplicate = items.GroupBy(i => (i.Kind, i.Name)).FirstOrDefault(g => g.Count() > 1);
            if (duplicate is not null)
                throw new LcConfigurationException($"'{duplicate.Key.Name}' is defined twice in '{Path.Combine(folder, duplicate.Key.Kind)}'.", "LimaCharlie.InvalidConfiguration");
            return items;
        }

        private static ConfigItem ReadItem(string kind, string file)
        {
            var origin = $"file '{file}'";
            var root = YamlJson.Parse(File.ReadAllText(file), (why, e) => new LcConfigurationException(
                $"The configuration {origin} is not valid YAML or JSON: {why}.", "LimaCharlie.InvalidConfiguration", null, e)) as JsonObject
                ?? throw new LcConfigurationException($"The configuration {origin} does not hold a mapping.", "LimaCharlie.InvalidConfiguration");
            var name = root["name"]?.ToString() ?? UnescapeFileName(Path.GetFileNameWithoutExtension(file));
            var enabled = root["enabled"] is JsonValue e && e.TryGetValue<bool>(out var on) ? on : true;
            var tags = root["tags"] is JsonArray t ? t.Select(x => x?.ToString() ?? string.Empty).ToArray() : Array.Empty<string>();
            var comment = root["comment"]?.ToString();
            var expiry = root["expiry"] is JsonValue x && x.TryGetValue<long>(out var ms) ? ms : 0;
            var body = new JsonObject();
            foreach (var (key, value) in root)
                if (key is not ("name" or "enabled" or "tags" or "comment" or "expiry")) body[key] = value?.DeepClone();
            if (kind.StartsWith(RuleDefinitions.DrHivePrefix, StringComparison.Ordinal)) body = RuleDefinitions.ValidateDr(body, name, origin);
            else if (kind == OutputKind && (body["module"] is null || body["type"] is null))
                throw new LcConfigurationException($"The output '{name}' in {origin} needs 'module' and 'type'.", "LimaCharlie.InvalidConfiguration");
            return new ConfigItem(kind, name, body, enabled, tags, comment, expiry);
        }

        /// <summary>
        /// What turns <paramref name="current"/> into <paramref name="desired"/>: Add, Change, and for what the desired
        /// side lacks Remove (with <paramref name="prune"/>) or Extra (kept, reported).
        /// </summary>
        public static List<ConfigChange> Plan(IEnumerable<ConfigItem> current, IEnumerable<ConfigItem> desired, bool prune)
        {
            var have = current.ToDictionary(i => (i.Kind, i.Name));
            var want = desired.ToDictionary(i => (i.Kind, i.Name));
            var changes = new List<ConfigChange>();
            foreach (var (key, item) in want.OrderBy(k => k.Key.Kind, StringComparer.Ordinal).ThenBy(k => k.Key.Name, StringComparer.Ordinal))
            {
                if (!have.TryGetValue(key, out var existing)) changes.Add(new ConfigChange(item.Kind, item.Name, "Add", null, item));
                else if (existing.Fingerprint() != item.Fingerprint()) changes.Add(new ConfigChange(item.Kind, item.Name, "Change", existing, item));
            }
            foreach (var (key, item) in have.OrderBy(k => k.Key.Kind, StringComparer.Ordinal).ThenBy(k => k.Key.Name, StringComparer.Ordinal))
                if (!want.ContainsKey(key)) changes.Add(new ConfigChange(item.Kind, item.Name, prune ? "Remove" : "Extra", item, null));
            return changes;
        }

        /// <summary>Applies one planned change; hive writes carry the etag read when planning, so a concurrent edit fails.</summary>
        public static async Task ApplyAsync(LcConnection connection, Guid? organizationId, ConfigChange change, ILcLog log, CancellationToken ct)
        {
            if (change.Action == "Extra") return;
            var item = change.To ?? change.From!;
            if (item.IsOutput)
            {
                if (change.Action == "Remove") { await OutputApi.DeleteAsync(connection, organizationId, item.Name, log, ct).ConfigureAwait(false); return; }
                var fields = (item.Body["fields"] as JsonObject ?? new JsonObject())
                    .Select(f => new KeyValuePair<string, string>(f.Key, f.Value is JsonValue v && v.TryGetValue<string>(out var s) ? s : f.Value?.ToJsonString() ?? string.Empty))
                    .ToList();
                await OutputApi.CreateAsync(connection, organizationId, item.Name, item.Body["module"]!.ToString(), item.Body["type"]!.ToString(), fields, log, ct)
                    .ConfigureAwait(false);
                return;
            }
            if (change.Action == "Remove")
            {
                await HiveApi.DeleteAsync(connection, organizationId, item.Kind, item.Name, log, ct).ConfigureAwait(false);
                return;
            }
            var metadata = new HiveMetadataChange
            {
                Enabled = item.Enabled,
                Tags = item.Tags,
                Comment = item.Comment ?? string.Empty,
                Expiry = item.Expiry > 0 ? DateTimeOffset.FromUnixTimeMilliseconds(item.Expiry) : DateTimeOffset.MinValue,
            };
            await HiveApi.SetAsync(connection, organizationId, item.Kind, item.Name, item.Body.ToJsonString(), metadata,
                change.From?.Etag, log, ct).ConfigureAwait(false);
        }

        public static string Canonical(JsonNode? node) => node switch
        {
            JsonObject o => "{" + string.Join(",", o.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => JsonSerializer.Serialize(p.Key) + ":" + Canonical(p.Value))) + "}",
            JsonArray a => "[" + string.Join(",", a.Select(Canonical)) + "]",
            null => "null",
            _ => node.ToJsonString(),
        };

        private static object? Plain(JsonNode? node) => node switch
        {
            JsonObject o => o.ToDictionary(p => p.Key, p => Plain(p.Value)),
            JsonArray a => a.Select(Plain).ToList(),
            JsonValue v when v.TryGetValue<bool>(out var b) => b,
            JsonValue v when v.TryGetValue<long>(out var l) => l,
            JsonValue v when v.TryGetValue<double>(out var d) => d,
            JsonValue v when v.TryGetValue<string>(out var s) => s,
            JsonValue v => JsonValues.ToObject(JsonDocument.Parse(v.ToJsonString()).RootElement),
            _ => null,
        };

        private static bool IsYamlOrJson(string f) =>
            f.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".yml", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".json", StringComparison.OrdinalIgnoreCase);

        /// <summary>A file name for a record key: characters a file system refuses are percent-encoded.</summary>
        public static string FileName(string name)
        {
            var safe = new StringBuilder();
            foreach (var c in name)
                safe.Append(c is '/' or '\\' or ':' or '*' or '?' or '"' or '<' or '>' or '|' or '%' || char.IsControl(c) ? $"%{(int)c:X2}" : c.ToString());
            return safe + ".yaml";
        }

        private static string UnescapeFileName(string stem) => Uri.UnescapeDataString(stem);
    }
}
