using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Security;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading;
using System.Threading.Tasks;
using LimaCharlie.Client.Credentials;
using LimaCharlie.Client.Json;
using LimaCharlie.Client.Logging;
using LimaCharlie.Client.Yaml;
using YamlDotNet.Serialization;

namespace LimaCharlie.Client.Api
{
    /// <summary>One piece of an organization's configuration: a rule, an FP rule, an output, or a hive record.</summary>
    public sealed class ConfigItem
    {
        public ConfigItem(string kind, string name, JsonObject body, bool enabled, string[] tags, string? comment, long expiry, string? etag = null,
            IReadOnlyDictionary<string, SecureString>? secrets = null)
        {
            Kind = kind; Name = name; Body = body; Enabled = enabled; Tags = tags; Comment = comment; Expiry = expiry; Etag = etag;
            Secrets = secrets ?? new Dictionary<string, SecureString>();
        }

        /// <summary>The hive (dr-general, fp, lookup ...), or "output", "installation_key", "extension", "org-value".</summary>
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
        /// <summary>An output's secret settings (passwords, tokens, keys), kept apart from <see cref="Body"/> so they are never compared or shown.</summary>
        public IReadOnlyDictionary<string, SecureString> Secrets { get; }
        public bool IsOutput => Kind == OrgConfigApi.OutputKind;
        /// <summary>A hive record (with enabled, tags, comment and expiry), not one of the other sections.</summary>
        public bool IsHiveRecord => !OrgConfigApi.Sections.Contains(Kind);
        /// <summary>The organization's id of the item where its name is not one (an installation key's iid).</summary>
        public string? Id { get; init; }

        /// <summary>This item with more secret settings (those given win over the ones it has).</summary>
        public ConfigItem WithSecrets(IEnumerable<KeyValuePair<string, SecureString>> secrets)
        {
            var merged = new Dictionary<string, SecureString>(Secrets, StringComparer.Ordinal);
            foreach (var (key, value) in secrets) merged[key] = value;
            return new ConfigItem(Kind, Name, Body, Enabled, Tags, Comment, Expiry, Etag, merged) { Id = Id };
        }

        /// <summary>The comparable form: body and metadata as canonical JSON (sorted keys), without the etag.</summary>
        public string Fingerprint() => OrgConfigApi.Canonical(new JsonObject
        {
            ["body"] = Body.DeepClone(),
            ["enabled"] = !IsHiveRecord || Enabled,
            ["tags"] = new JsonArray(Tags.OrderBy(t => t, StringComparer.Ordinal).Select(t => (JsonNode?)JsonValue.Create(t)).ToArray()),
            ["comment"] = Comment ?? string.Empty,
            ["expiry"] = Expiry,
        });
    }

    /// <summary>A difference between two configurations, or a change an import makes.</summary>
    public sealed record ConfigChange(string Kind, string Name, string Action, ConfigItem? From, ConfigItem? To)
    {
        /// <summary>
        /// The secret settings the item has now that the change would drop: an output is recreated with only the settings
        /// the desired side gives, and an export leaves secrets out.
        /// </summary>
        public IReadOnlyList<string> LostSecrets => Action switch
        {
            "Change" when From is { IsOutput: true } && To is not null =>
                From.Secrets.Keys.Where(k => !To.Secrets.ContainsKey(k)).OrderBy(k => k, StringComparer.Ordinal).ToArray(),
            // An org value the source names without its value (an export without -IncludeSecret) cannot be created.
            "Add" when To is { Kind: OrgConfigApi.OrgValueKind } && !To.Secrets.ContainsKey(OrgConfigApi.OrgValueSecret) => new[] { OrgConfigApi.OrgValueSecret },
            _ => Array.Empty<string>(),
        };

        /// <summary>What differs, field by field (<c>detect.value</c>, <c>enabled</c>, <c>fields.dest_host</c> ...); secret values are never shown.</summary>
        public IReadOnlyList<ConfigFieldChange> Differences() => OrgConfigApi.Differences(From, To);
    }

    /// <summary>One field of a difference: its value before (in the organization) and after (as the reference has it); null when absent.</summary>
    public sealed record ConfigFieldChange(string Field, string? Before, string? After);

    /// <summary>
    /// Configuration as code: an organization's D&amp;R rules, FP rules, outputs and chosen hives, read from the API or from a
    /// folder of YAML files (one file per item: <c>&lt;kind&gt;/&lt;name&gt;.yaml</c>), compared, and applied with etags.
    /// </summary>
    public sealed class OrgConfigApi : OrganizationArea
    {
        internal OrgConfigApi(LcOrganizationClient owner) : base(owner) { }

        public const string OutputKind = "output";
        public const string InstallationKeyKind = "installation_key";
        public const string ExtensionKind = "extension";
        public const string OrgValueKind = "org-value";
        /// <summary>The secret of an org-value item: its value.</summary>
        public const string OrgValueSecret = "value";
        /// <summary>The kinds that are not hives.</summary>
        public static readonly string[] Sections = { OutputKind, InstallationKeyKind, ExtensionKind, OrgValueKind };
        public static readonly string[] RuleHives = { "dr-general", "dr-managed", "dr-service", RuleDefinitions.FpHive };

        /// <summary>
        /// The organization's records of <paramref name="hives"/> and its items of <paramref name="sections"/> (default:
        /// outputs only): outputs, installation keys, extension subscriptions, org values.
        /// </summary>
        public async Task<List<ConfigItem>> ReadOrgAsync(IReadOnlyCollection<string> hives, CancellationToken ct, IReadOnlyCollection<string>? sections = null)
        {
            sections ??= new[] { OutputKind };
            var oid = OrganizationId;
            var items = new List<ConfigItem>();
            foreach (var hive in hives.Distinct())
            {
                foreach (var record in await Organization.Hive.ListAsync<HiveRecord>(hive, ct).ConfigureAwait(false))
                {
                    var body = record.Data is null ? new JsonObject() : (JsonObject)JsonNode.Parse(JsonSerializer.Serialize(record.Data))!;
                    items.Add(new ConfigItem(hive, record.Key, body, record.Enabled, record.Tags, record.Comment,
                        record.Expiry?.ToUnixTimeMilliseconds() ?? 0, record.Etag));
                }
            }
            if (sections.Contains(OutputKind))
                foreach (var output in await Organization.Outputs.ListAsync(ct).ConfigureAwait(false))
                    items.Add(new ConfigItem(OutputKind, output.Name, OutputBody(output), true, Array.Empty<string>(), null, 0, null,
                        new Dictionary<string, SecureString>(output.SecretFields, StringComparer.Ordinal)));
            if (sections.Contains(InstallationKeyKind))
            {
                var seen = new HashSet<string>(StringComparer.Ordinal);
                foreach (var key in await Organization.InstallationKeys.ListAsync(ct).ConfigureAwait(false))
                {
                    var name = key.Description ?? key.InstallationKeyId.ToString();
                    // The sync format names a key by its description, so only the first of several alike can be kept.
                    if (!seen.Add(name))
                    {
                        Log.Warning($"Several installation keys are described '{name}': only the first ({key.InstallationKeyId}) is part of the configuration.");
                        continue;
                    }
                    items.Add(new ConfigItem(InstallationKeyKind, name, InstallationKeyBody(name, key.Tags, key.UsePublicRootCa), true,
                        Array.Empty<string>(), null, 0) { Id = key.InstallationKeyId.ToString() });
                }
            }
            if (sections.Contains(ExtensionKind))
                foreach (var (name, _) in await Organization.Extensions.SubscriptionsAsync(ct).ConfigureAwait(false))
                    items.Add(new ConfigItem(ExtensionKind, name, new JsonObject(), true, Array.Empty<string>(), null, 0));
            if (sections.Contains(OrgValueKind))
                foreach (var name in OrgValueApi.Names)
                {
                    var value = await Organization.Values.GetAsync(name, ct).ConfigureAwait(false);
                    if (value?.Value is not { Length: > 0 } secret) continue;
                    items.Add(new ConfigItem(OrgValueKind, name, new JsonObject(), true, Array.Empty<string>(), null, 0, null,
                        new Dictionary<string, SecureString>(StringComparer.Ordinal) { [OrgValueSecret] = secret }));
                }
            return items.OrderBy(i => i.Kind, StringComparer.Ordinal).ThenBy(i => i.Name, StringComparer.Ordinal).ToList();
        }


        public static JsonObject InstallationKeyBody(string description, IEnumerable<string> tags, bool usePublicRootCa) => new()
        {
            ["desc"] = description,
            ["tags"] = new JsonArray(tags.OrderBy(t => t, StringComparer.Ordinal).Select(t => (JsonNode?)JsonValue.Create(t)).ToArray()),
            ["use_public_root_ca"] = usePublicRootCa,
        };

        private static JsonObject OutputBody(Output output)
        {
            var fields = new JsonObject();
            foreach (var (key, value) in output.Fields.OrderBy(f => f.Key, StringComparer.Ordinal)) fields[key] = value;
            return new JsonObject { ["module"] = output.Module, ["type"] = output.DataType, ["fields"] = fields };
        }

        /// <summary>Writes one YAML file per item under <paramref name="folder"/>; returns each item with the file it went to.</summary>
        public static IReadOnlyList<(ConfigItem Item, string File)> WriteFolder(string folder, IEnumerable<ConfigItem> items, bool includeSecrets = false)
        {
            var serializer = new SerializerBuilder().WithQuotingNecessaryStrings().Build();
            var written = new List<(ConfigItem, string)>();
            foreach (var item in items)
            {
                var dir = Path.Combine(folder, item.Kind);
                Directory.CreateDirectory(dir);
                var doc = new Dictionary<string, object?> { ["name"] = item.Name };
                if (item.IsHiveRecord)
                {
                    doc["enabled"] = item.Enabled;
                    if (item.Tags.Length > 0) doc["tags"] = item.Tags;
                    if (!string.IsNullOrEmpty(item.Comment)) doc["comment"] = item.Comment;
                    if (item.Expiry > 0) doc["expiry"] = item.Expiry;
                }
                foreach (var (key, value) in item.Body) doc[key] = Plain(value);
                if (includeSecrets) AddSecrets(item, doc);
                var file = Path.Combine(dir, FileName(item.Name));
                var note = item.Secrets.Count == 0 || includeSecrets ? string.Empty
                    : item.Kind == OrgValueKind
                        ? "# The value is secret and was not exported (Export-LcOrgConfig -IncludeSecret writes it).\n" +
                          "# Import-LcOrgConfig keeps the organization's value; it cannot create this one without a value.\n"
                        : $"# Secret settings not exported: {string.Join(", ", item.Secrets.Keys.OrderBy(k => k, StringComparer.Ordinal))}.\n" +
                          "# Import-LcOrgConfig refuses to recreate this output without them: give them with -OutputSecret (or under fields:), or use -Force.\n";
                File.WriteAllText(file, note + serializer.Serialize(doc), new UTF8Encoding(false));
                written.Add((item, file));
            }
            return written;
        }

        /// <summary>Puts an item's secrets, in clear, where the file formats keep them: an output's under fields, an org value's as value.</summary>
        internal static void AddSecrets(ConfigItem item, IDictionary<string, object?> doc)
        {
            if (item.Secrets.Count == 0) return;
            if (item.Kind == OrgValueKind)
            {
                doc[OrgValueSecret] = SecureText.Use(item.Secrets[OrgValueSecret], plain => plain);
                return;
            }
            var fields = doc.TryGetValue("fields", out var f) && f is IDictionary<string, object?> existing ? existing : new Dictionary<string, object?>();
            foreach (var (key, secret) in item.Secrets.OrderBy(p => p.Key, StringComparer.Ordinal))
                fields[key] = SecureText.Use(secret, plain => plain);
            doc["fields"] = fields;
        }

        /// <summary>Reads a folder written by <see cref="WriteFolder"/> (or by hand); every problem names the file.</summary>
        public static List<ConfigItem> ReadFolder(string folder, Action<string> warn)
        {
            if (!Directory.Exists(folder))
                throw new LcConfigurationException($"The configuration folder '{folder}' does not exist.", ErrorIds.InvalidConfiguration);
            var items = new List<ConfigItem>();
            foreach (var dir in Directory.EnumerateDirectories(folder).OrderBy(d => d, StringComparer.Ordinal))
            {
                var kind = Path.GetFileName(dir);
                foreach (var file in Directory.EnumerateFiles(dir).Where(IsYamlOrJson).OrderBy(f => f, StringComparer.Ordinal))
                    items.Add(ReadItem(kind, file, warn));
            }
            var duplicate = items.GroupBy(i => (i.Kind, i.Name)).FirstOrDefault(g => g.Count() > 1);
            if (duplicate is not null)
                throw new LcConfigurationException($"'{duplicate.Key.Name}' is defined twice in '{Path.Combine(folder, duplicate.Key.Kind)}'.", ErrorIds.InvalidConfiguration);
            return items;
        }

        private static ConfigItem ReadItem(string kind, string file, Action<string> warn)
        {
            var origin = $"file '{file}'";
            var root = YamlJson.Parse(File.ReadAllText(file), (why, e) => new LcConfigurationException(
                $"The configuration {origin} is not valid YAML or JSON: {why}.", ErrorIds.InvalidConfiguration, null, e)) as JsonObject
                ?? throw new LcConfigurationException($"The configuration {origin} does not hold a mapping.", ErrorIds.InvalidConfiguration);
            return ReadItem(kind, root, UnescapeFileName(Path.GetFileNameWithoutExtension(file)), origin, warn);
        }

        /// <summary>One item of <paramref name="kind"/> from its document, checked; every problem names <paramref name="origin"/>.</summary>
        internal static ConfigItem ReadItem(string kind, JsonObject root, string defaultName, string origin, Action<string> warn)
        {
            var secrets = new Dictionary<string, SecureString>(StringComparer.Ordinal);
            if (kind == OrgValueKind)
            {
                var name = root["name"]?.ToString() is { Length: > 0 } given ? given : defaultName;
                if (root[OrgValueSecret] is { } value && FieldText(value) is { Length: > 0 } text) secrets[OrgValueSecret] = ApiCredential.Secure(text);
                return new ConfigItem(kind, name, new JsonObject(), true, Array.Empty<string>(), null, 0, null, secrets);
            }
            if (kind == ExtensionKind)
                return new ConfigItem(kind, root["name"]?.ToString() is { Length: > 0 } ext ? ext : defaultName, new JsonObject(), true, Array.Empty<string>(), null, 0);
            if (kind == InstallationKeyKind)
            {
                var name = root["desc"]?.ToString() is { Length: > 0 } desc ? desc : root["name"]?.ToString() is { Length: > 0 } n ? n : defaultName;
                var tags = root["tags"] switch
                {
                    JsonArray list => list.Select(t => t?.ToString() ?? string.Empty),
                    JsonValue single => single.ToString().Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
                    _ => Enumerable.Empty<string>(),
                };
                var ca = root["use_public_root_ca"] is JsonValue v && v.TryGetValue<bool>(out var b) && b;
                return new ConfigItem(kind, name, InstallationKeyBody(name, tags, ca), true, Array.Empty<string>(), null, 0);
            }
            var document = ConfigFormat.Read(root, kind, defaultName, origin, warn, InvalidItem);
            var (itemName, body, metadata) = (document.Name, document.Body, document.Metadata);
            if (ConfigFormat.IsDrKind(kind)) body = RuleDefinitions.ValidateDr(body, itemName, origin);
            else if (kind == OutputKind)
            {
                if (body["module"] is null || body["type"] is null)
                    throw new LcConfigurationException($"The output '{itemName}' in {origin} needs 'module' and 'type'.", ErrorIds.InvalidConfiguration);
                if (metadata.Enabled is not null || metadata.Tags is not null || metadata.Comment is not null || metadata.Expiry is not null)
                    warn($"The output '{itemName}' in {origin} has enabled, tags, comment or expiry: outputs have none of these, they were ignored.");
                if (body["fields"] is JsonObject fields)
                    foreach (var (key, value) in fields.ToArray())
                        if (OutputApi.IsSecretField(key) && value is not null)
                        {
                            secrets[key] = ApiCredential.Secure(FieldText(value));
                            fields.Remove(key);
                        }
            }
            return new ConfigItem(kind, itemName, body, metadata.Enabled ?? true, metadata.Tags ?? Array.Empty<string>(), metadata.Comment,
                metadata.Expiry ?? 0, null, secrets);
        }

        private static LcConfigurationException InvalidItem(string name, string origin, string why) =>
            new($"'{name}' in {origin} is not valid: {why}.", ErrorIds.InvalidConfiguration,
                "Fix the file: enabled is true or false, tags a list, comment text, expiry Unix milliseconds or a date.");

        private static string FieldText(JsonNode? value) =>
            value is JsonValue v && v.TryGetValue<string>(out var s) ? s : value?.ToJsonString() ?? string.Empty;

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
                else if (existing.Fingerprint() != item.Fingerprint() || SecretsChange(existing, item))
                    changes.Add(new ConfigChange(item.Kind, item.Name, "Change", existing, item));
            }
            foreach (var (key, item) in have.OrderBy(k => k.Key.Kind, StringComparer.Ordinal).ThenBy(k => k.Key.Name, StringComparer.Ordinal))
                if (!want.ContainsKey(key)) changes.Add(new ConfigChange(item.Kind, item.Name, prune ? "Remove" : "Extra", item, null));
            return changes;
        }

        /// <summary>Applies one planned change; hive writes carry the etag read when planning, so a concurrent edit fails.</summary>
        public async Task ApplyAsync(ConfigChange change, CancellationToken ct)
        {
            if (change.Action == "Extra") return;
            var item = change.To ?? change.From!;
            if (item.IsOutput)
            {
                if (change.Action == "Remove") { await Organization.Outputs.DeleteAsync(item.Name, ct).ConfigureAwait(false); return; }
                var fields = (item.Body["fields"] as JsonObject ?? new JsonObject())
                    .Where(f => !item.Secrets.ContainsKey(f.Key))
                    .Select(f => new KeyValuePair<string, string>(f.Key, FieldText(f.Value)))
                    .ToList();
                foreach (var (key, secret) in item.Secrets) fields.Add(new(key, SecureText.Use(secret, plain => plain)));
                await Organization.Outputs.CreateAsync(item.Name, item.Body["module"]!.ToString(), item.Body["type"]!.ToString(), fields, ct)
                    .ConfigureAwait(false);
                return;
            }
            switch (item.Kind)
            {
                case InstallationKeyKind:
                    if (change.Action == "Remove") await Organization.InstallationKeys.DeleteAsync(Guid.Parse(item.Id!), ct).ConfigureAwait(false);
                    else await Organization.InstallationKeys.SetAsync(item.Name,
                            (item.Body["tags"] as JsonArray ?? new JsonArray()).Select(t => t!.ToString()).ToArray(),
                            item.Body["use_public_root_ca"] is JsonValue ca && ca.TryGetValue<bool>(out var b) && b, null,
                            change.From?.Id is { } iid ? Guid.Parse(iid) : null, ct).ConfigureAwait(false);
                    return;
                case ExtensionKind:
                    if (change.Action == "Remove") await Organization.Extensions.UnsubscribeAsync(item.Name, ct).ConfigureAwait(false);
                    else if (change.Action == "Add") await Organization.Extensions.SubscribeAsync(item.Name, ct).ConfigureAwait(false);
                    return;
                case OrgValueKind:
                    // The API has no delete: a removed value is emptied, which reads back as unset.
                    await Organization.Values.SetAsync(item.Name, change.Action == "Remove" || !item.Secrets.TryGetValue(OrgValueSecret, out var value)
                        ? new SecureString() : value, ct).ConfigureAwait(false);
                    return;
            }
            if (change.Action == "Remove")
            {
                await Organization.Hive.DeleteAsync(item.Kind, item.Name, ct).ConfigureAwait(false);
                return;
            }
            var metadata = new HiveMetadataChange
            {
                Enabled = item.Enabled,
                Tags = item.Tags,
                Comment = item.Comment ?? string.Empty,
                Expiry = item.Expiry > 0 ? DateTimeOffset.FromUnixTimeMilliseconds(item.Expiry) : DateTimeOffset.MinValue,
            };
            await Organization.Hive.SetAsync(item.Kind, item.Name, item.Body.ToJsonString(), metadata, change.From?.Etag, ct).ConfigureAwait(false);
        }

        /// <summary>Secret settings the desired side gives that the current one lacks or has with another value.</summary>
        private static bool SecretsChange(ConfigItem current, ConfigItem desired) =>
            desired.Secrets.Any(s => !current.Secrets.TryGetValue(s.Key, out var have) || !SameSecret(have, s.Value));

        private static bool SameSecret(SecureString a, SecureString b) => SecureText.Use(a, x => SecureText.Use(b, y => x == y));

        /// <summary>What differs between two versions of an item, field by field; secret settings are named, never shown.</summary>
        public static IReadOnlyList<ConfigFieldChange> Differences(ConfigItem? before, ConfigItem? after)
        {
            var changes = new List<ConfigFieldChange>();
            var left = new SortedDictionary<string, string>(StringComparer.Ordinal);
            var right = new SortedDictionary<string, string>(StringComparer.Ordinal);
            if (before is not null) Flatten(Comparable(before), string.Empty, left);
            if (after is not null) Flatten(Comparable(after), string.Empty, right);
            foreach (var field in left.Keys.Union(right.Keys).OrderBy(k => k, StringComparer.Ordinal))
            {
                left.TryGetValue(field, out var was);
                right.TryGetValue(field, out var will);
                if (was != will) changes.Add(new ConfigFieldChange(field, was, will));
            }
            if (before is { IsHiveRecord: false } || after is { IsHiveRecord: false })
            {
                var had = before?.Secrets ?? new Dictionary<string, SecureString>();
                var gets = after?.Secrets ?? new Dictionary<string, SecureString>();
                foreach (var key in had.Keys.Union(gets.Keys).OrderBy(k => k, StringComparer.Ordinal))
                {
                    var inBefore = had.TryGetValue(key, out var a);
                    var inAfter = gets.TryGetValue(key, out var b);
                    if (inBefore && inAfter && SameSecret(a!, b!)) continue;
                    changes.Add(new ConfigFieldChange((before ?? after)!.Kind == OrgValueKind ? key : "fields." + key, inBefore ? "(secret)" : null,
                        inAfter ? (inBefore ? "(another secret)" : "(secret)") : after is null ? null : "(lost)"));
                }
            }
            return changes;
        }

        /// <summary>The fields a difference is shown in: the content, and the metadata a hive record has.</summary>
        private static JsonObject Comparable(ConfigItem item)
        {
            var view = (JsonObject)item.Body.DeepClone();
            if (!item.IsHiveRecord) return view;
            view["enabled"] = item.Enabled;
            view["tags"] = string.Join(", ", item.Tags.OrderBy(t => t, StringComparer.Ordinal));
            view["comment"] = item.Comment ?? string.Empty;
            view["expiry"] = item.Expiry > 0 ? DateTimeOffset.FromUnixTimeMilliseconds(item.Expiry).ToString("u", System.Globalization.CultureInfo.InvariantCulture) : "never";
            return view;
        }

        private static void Flatten(JsonNode? node, string path, IDictionary<string, string> into)
        {
            switch (node)
            {
                case JsonObject o when o.Count > 0:
                    foreach (var (key, value) in o) Flatten(value, path.Length == 0 ? key : $"{path}.{key}", into);
                    break;
                case JsonArray a when a.Count > 0:
                    for (var i = 0; i < a.Count; i++) Flatten(a[i], $"{path}[{i}]", into);
                    break;
                case JsonValue v when v.TryGetValue<string>(out var text):
                    into[path] = text;
                    break;
                default:
                    into[path] = node?.ToJsonString() ?? "null";
                    break;
            }
        }

        public static string Canonical(JsonNode? node) => node switch
        {
            JsonObject o => "{" + string.Join(",", o.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => JsonSerializer.Serialize(p.Key) + ":" + Canonical(p.Value))) + "}",
            JsonArray a => "[" + string.Join(",", a.Select(Canonical)) + "]",
            null => "null",
            _ => node.ToJsonString(),
        };

        internal static object? Plain(JsonNode? node) => node switch
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

        internal static bool IsYamlOrJson(string f) =>
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

    public static partial class OrganizationAreas
    {
        extension(LcOrganizationClient organization)
        {
            /// <summary>The organization as configuration: read, plan, apply.</summary>
            public OrgConfigApi Config => new(organization);
        }
    }
}
