using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using LimaCharlie.Client.Yaml;
using YamlDotNet.Serialization;

namespace LimaCharlie.Client.Api
{
    /// <summary>
    /// What a sync file holds: its items, the hives and sections it speaks for (the rest of the organization is not its
    /// business), the sections it has that the module cannot apply, and the files it was read from (includes too).
    /// </summary>
    public sealed record SyncSource(List<ConfigItem> Items, string[] Hives, string[] Sections, string[] Unsupported, string[] Files);

    /// <summary>
    /// The official CLI's sync file (<c>limacharlie sync pull/push</c>, format version 3): one YAML file with
    /// <c>version</c>, <c>include</c>, <c>hives</c> (hive, then record name, then <c>data</c> and <c>usr_mtd</c>),
    /// <c>outputs</c>, <c>installation_keys</c>, <c>extensions</c>, <c>org-value</c>, and the sections the module cannot
    /// reach (<c>integrity</c>, <c>exfil</c>, <c>artifact</c>, <c>resources</c>, <c>yara</c>).
    /// </summary>
    public static class SyncFile
    {
        public const int Version = 3;
        public const string IncludeKey = "include";
        private const string HivesKey = "hives";
        private const string OutputsKey = "outputs";
        private const string InstallationKeysKey = "installation_keys";
        private const string ExtensionsKey = "extensions";
        private const string OrgValuesKey = "org-value";

        /// <summary>Sections of the format that the module has no API for.</summary>
        public static readonly string[] UnsupportedSections = { "integrity", "exfil", "artifact", "resources", "yara" };

        private static readonly string[] Roots =
            new[] { HivesKey, OutputsKey, InstallationKeysKey, ExtensionsKey, OrgValuesKey }.Concat(UnsupportedSections).ToArray();

        /// <summary>True when <paramref name="path"/> names a sync file rather than a folder: an existing file, or a .yaml/.yml/.json path.</summary>
        public static bool IsSyncPath(string path) =>
            File.Exists(path) || (!Directory.Exists(path) && OrgConfigApi.IsYamlOrJson(path));

        /// <summary>Reads a sync file and the files it includes; every problem names the file.</summary>
        public static SyncSource Read(string path, Action<string> warn)
        {
            var full = Path.GetFullPath(path);
            if (!File.Exists(full))
                throw new LcConfigurationException($"The sync file '{full}' does not exist.", ErrorIds.InvalidConfiguration);
            var folder = Path.GetDirectoryName(full)!;
            var files = new List<string>();
            var config = Load(full, folder, new Stack<string>(), files);
            var origin = $"sync file '{full}'";
            foreach (var (key, _) in config)
                if (key is not ("version" or IncludeKey) && !Roots.Contains(key))
                    warn($"The section '{key}' of {origin} is not part of the sync format (version {Version}) and was ignored.");

            var items = new List<ConfigItem>();
            var sections = new List<string>();
            var hives = new List<string>();
            if (config[HivesKey] is JsonObject hiveMap)
            {
                foreach (var (hive, records) in hiveMap)
                {
                    hives.Add(hive);
                    foreach (var (name, record) in Mapping(records, $"hives/{hive}", origin))
                        items.Add(OrgConfigApi.ReadItem(hive, Record(record, $"hives/{hive}/{name}", origin), name, $"{origin} (hives/{hive})", warn));
                }
            }
            if (config.ContainsKey(OutputsKey))
            {
                sections.Add(OrgConfigApi.OutputKind);
                foreach (var (name, output) in Mapping(config[OutputsKey], OutputsKey, origin))
                    items.Add(OrgConfigApi.ReadItem(OrgConfigApi.OutputKind, OutputDocument(Record(output, $"outputs/{name}", origin)), name, origin, warn));
            }
            if (config.ContainsKey(InstallationKeysKey))
            {
                sections.Add(OrgConfigApi.InstallationKeyKind);
                foreach (var (name, key) in Entries(config[InstallationKeysKey], "desc", origin, InstallationKeysKey))
                    items.Add(OrgConfigApi.ReadItem(OrgConfigApi.InstallationKeyKind, key, name, origin, warn));
            }
            if (config.ContainsKey(ExtensionsKey))
            {
                sections.Add(OrgConfigApi.ExtensionKind);
                foreach (var (name, extension) in Entries(config[ExtensionsKey], "name", origin, ExtensionsKey))
                    items.Add(OrgConfigApi.ReadItem(OrgConfigApi.ExtensionKind, extension, name, origin, warn));
            }
            if (config.ContainsKey(OrgValuesKey))
            {
                sections.Add(OrgConfigApi.OrgValueKind);
                foreach (var (name, value) in Mapping(config[OrgValuesKey], OrgValuesKey, origin))
                    items.Add(OrgConfigApi.ReadItem(OrgConfigApi.OrgValueKind, new JsonObject { [OrgConfigApi.OrgValueSecret] = value?.DeepClone() }, name, origin, warn));
            }
            var unsupported = UnsupportedSections.Where(s => config[s] is JsonObject { Count: > 0 } or JsonArray { Count: > 0 }).ToArray();
            var duplicate = items.GroupBy(i => (i.Kind, i.Name)).FirstOrDefault(g => g.Count() > 1);
            if (duplicate is not null)
                throw new LcConfigurationException($"'{duplicate.Key.Name}' is defined twice in the {duplicate.Key.Kind} section of {origin}.", ErrorIds.InvalidConfiguration);
            return new SyncSource(items, hives.ToArray(), sections.ToArray(), unsupported, files.ToArray());
        }

        /// <summary>The file with its includes merged in, as the CLI merges them: lists appended, mappings updated (hives per hive).</summary>
        private static JsonObject Load(string file, string folder, Stack<string> chain, List<string> files)
        {
            if (chain.Contains(file, StringComparer.Ordinal))
                throw new LcConfigurationException(
                    $"The sync file '{file}' includes itself: {string.Join(" -> ", chain.Reverse().Append(file))}.", ErrorIds.InvalidConfiguration,
                    "Remove the include that closes the cycle.");
            var origin = $"sync file '{file}'";
            var config = YamlJson.Parse(File.ReadAllText(file), (why, e) => new LcConfigurationException(
                $"The {origin} is not valid YAML or JSON: {why}.", ErrorIds.InvalidConfiguration, null, e)) switch
            {
                JsonObject o => o,
                null => new JsonObject(),
                _ => throw new LcConfigurationException($"The {origin} does not hold a mapping.", ErrorIds.InvalidConfiguration),
            };
            // YAML scalars arrive as text or numbers depending on the parser's reading of them.
            if (config["version"] is not JsonValue version || !int.TryParse(version.ToString(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var number))
                throw new LcConfigurationException($"The {origin} has no version.", ErrorIds.InvalidConfiguration,
                    $"A sync file starts with 'version: {Version}'.");
            if (number > Version)
                throw new LcConfigurationException($"The {origin} is version {number}; the newest this module reads is {Version}.", ErrorIds.InvalidConfiguration);
            files.Add(file);
            chain.Push(file);
            foreach (var included in Includes(config[IncludeKey], file, folder))
            {
                var sub = Load(included, folder, chain, files);
                foreach (var root in Roots)
                {
                    switch (sub[root])
                    {
                        case null: continue;
                        case JsonArray list:
                            if (config[root] is not JsonArray mine) config[root] = mine = new JsonArray();
                            foreach (var entry in list) mine.Add(entry?.DeepClone());
                            break;
                        case JsonObject map when root is HivesKey or "exfil":
                            if (config[root] is not JsonObject outer) config[root] = outer = new JsonObject();
                            foreach (var (key, value) in map)
                            {
                                if (outer[key] is not JsonObject inner) outer[key] = inner = new JsonObject();
                                if (value is JsonObject entries) foreach (var (name, entry) in entries) inner[name] = entry?.DeepClone();
                            }
                            break;
                        case JsonObject map:
                            if (config[root] is not JsonObject target) config[root] = target = new JsonObject();
                            foreach (var (key, value) in map) target[key] = value?.DeepClone();
                            break;
                    }
                }
            }
            chain.Pop();
            return config;
        }

        /// <summary>The files an include names, relative to the including file; a name or pattern outside <paramref name="folder"/> is refused.</summary>
        private static IEnumerable<string> Includes(JsonNode? include, string file, string folder)
        {
            var patterns = include switch
            {
                null => Array.Empty<string>(),
                JsonValue single => new[] { single.ToString() },
                JsonArray list => list.Select(p => p?.ToString() ?? string.Empty).ToArray(),
                _ => throw new LcConfigurationException($"The include of sync file '{file}' must be a path or a list of paths.", ErrorIds.InvalidConfiguration),
            };
            var here = Path.GetDirectoryName(file)!;
            var found = new SortedSet<string>(StringComparer.Ordinal);
            foreach (var pattern in patterns)
            {
                var outside = new LcConfigurationException(
                    $"The include '{pattern}' of sync file '{file}' reaches outside the folder '{folder}'.", ErrorIds.InvalidConfiguration,
                    "Keep included files in the sync file's folder or below it.");
                if (Path.IsPathRooted(pattern) && !Inside(Path.GetFullPath(pattern), folder)) throw outside;
                if (pattern.IndexOfAny(new[] { '*', '?' }) < 0)
                {
                    var target = Path.GetFullPath(Path.Combine(here, pattern));
                    if (!Inside(target, folder)) throw outside;
                    if (!File.Exists(target))
                        throw new LcConfigurationException($"The include '{pattern}' of sync file '{file}' names no file ('{target}').", ErrorIds.InvalidConfiguration);
                    found.Add(target);
                    continue;
                }
                var prefix = Path.GetFullPath(Path.Combine(here, WildcardFree(pattern)));
                if (!Inside(prefix, folder) && prefix != folder) throw outside;
                var regex = Glob(pattern);
                foreach (var candidate in Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories))
                {
                    var relative = Path.GetRelativePath(here, candidate).Replace('\\', '/');
                    if (regex.IsMatch(relative) && candidate != file) found.Add(Path.GetFullPath(candidate));
                }
            }
            return found;
        }

        private static string WildcardFree(string pattern)
        {
            var segments = pattern.Replace('\\', '/').Split('/');
            return string.Join('/', segments.TakeWhile(s => s.IndexOfAny(new[] { '*', '?' }) < 0));
        }

        private static bool Inside(string path, string folder)
        {
            var relative = Path.GetRelativePath(folder, path);
            return relative != ".." && !relative.StartsWith(".." + Path.DirectorySeparatorChar, StringComparison.Ordinal)
                   && !relative.StartsWith("../", StringComparison.Ordinal) && !Path.IsPathRooted(relative);
        }

        /// <summary>A glob (<c>*</c>, <c>?</c>, <c>**</c> for any depth) as a regular expression over '/'-separated relative paths.</summary>
        private static Regex Glob(string pattern)
        {
            var text = new StringBuilder("^");
            var p = pattern.Replace('\\', '/');
            if (p.StartsWith("./", StringComparison.Ordinal)) p = p[2..];
            for (var i = 0; i < p.Length; i++)
            {
                if (p[i] == '*' && i + 1 < p.Length && p[i + 1] == '*')
                {
                    var slash = i + 2 < p.Length && p[i + 2] == '/';
                    text.Append(slash ? "(.*/)?" : ".*");
                    i += slash ? 2 : 1;
                }
                else if (p[i] == '*') text.Append("[^/]*");
                else if (p[i] == '?') text.Append("[^/]");
                else text.Append(Regex.Escape(p[i].ToString()));
            }
            return new Regex(text.Append('$').ToString(), RegexOptions.CultureInvariant);
        }

        private static IEnumerable<(string Name, JsonNode? Value)> Mapping(JsonNode? node, string where, string origin) => node switch
        {
            null => Array.Empty<(string, JsonNode?)>(),
            JsonObject map => map.Select(p => (p.Key, p.Value)).ToArray(),
            _ => throw new LcConfigurationException($"'{where}' in {origin} must be a mapping of names.", ErrorIds.InvalidConfiguration),
        };

        private static JsonObject Record(JsonNode? node, string where, string origin) => node switch
        {
            null => new JsonObject(),
            JsonObject map => (JsonObject)map.DeepClone(),
            _ => throw new LcConfigurationException($"'{where}' in {origin} must be a mapping.", ErrorIds.InvalidConfiguration),
        };

        /// <summary>A section that is a list (of names, or of objects named by <paramref name="nameKey"/>) or a mapping of names.</summary>
        private static IEnumerable<(string Name, JsonObject Value)> Entries(JsonNode? node, string nameKey, string origin, string section)
        {
            var entries = new List<(string, JsonObject)>();
            switch (node)
            {
                case null: break;
                case JsonArray list:
                    foreach (var entry in list)
                    {
                        var value = entry as JsonObject ?? new JsonObject { [nameKey] = entry?.DeepClone() };
                        var name = value[nameKey]?.ToString();
                        if (string.IsNullOrEmpty(name))
                            throw new LcConfigurationException($"An entry of '{section}' in {origin} has no '{nameKey}'.", ErrorIds.InvalidConfiguration);
                        entries.Add((name, (JsonObject)value.DeepClone()));
                    }
                    break;
                case JsonObject map:
                    foreach (var (name, value) in map)
                        entries.Add((name, value as JsonObject is { } o ? (JsonObject)o.DeepClone() : new JsonObject()));
                    break;
                default:
                    throw new LcConfigurationException($"'{section}' in {origin} must be a list or a mapping.", ErrorIds.InvalidConfiguration);
            }
            return entries;
        }

        /// <summary>An output of the sync file (module, type and its settings side by side) in the item layout (settings under fields).</summary>
        private static JsonObject OutputDocument(JsonObject flat)
        {
            var fields = flat["fields"] as JsonObject is { } nested ? (JsonObject)nested.DeepClone() : new JsonObject();
            var document = new JsonObject();
            foreach (var (key, value) in flat)
            {
                if (key is "module" or "type") document[key] = value?.DeepClone();
                else if (key is not ("name" or "fields")) fields[key] = value is JsonValue ? value.DeepClone() : JsonValue.Create(value?.ToJsonString());
            }
            document["fields"] = fields;
            return document;
        }

        /// <summary>
        /// Writes <paramref name="items"/> as one sync file. Secrets (outputs' secret settings, org values) are left out and
        /// named in a comment at the top, unless <paramref name="includeSecrets"/>.
        /// </summary>
        public static void Write(string path, IReadOnlyCollection<ConfigItem> items, bool includeSecrets)
        {
            var doc = new Dictionary<string, object?> { ["version"] = Version };
            var hives = new SortedDictionary<string, object?>(StringComparer.Ordinal);
            foreach (var group in items.Where(i => i.IsHiveRecord).GroupBy(i => i.Kind))
            {
                var records = new SortedDictionary<string, object?>(StringComparer.Ordinal);
                foreach (var item in group)
                {
                    var metadata = new Dictionary<string, object?> { ["enabled"] = item.Enabled, ["expiry"] = item.Expiry };
                    if (item.Tags.Length > 0) metadata["tags"] = item.Tags;
                    if (!string.IsNullOrEmpty(item.Comment)) metadata["comment"] = item.Comment;
                    records[item.Name] = new Dictionary<string, object?> { ["data"] = OrgConfigApi.Plain(item.Body), ["usr_mtd"] = metadata };
                }
                hives[group.Key] = records;
            }
            if (hives.Count > 0) doc[HivesKey] = hives;
            var withheld = new List<string>();
            var outputs = new SortedDictionary<string, object?>(StringComparer.Ordinal);
            foreach (var item in items.Where(i => i.IsOutput))
            {
                var output = new Dictionary<string, object?> { ["module"] = item.Body["module"]?.ToString(), ["type"] = item.Body["type"]?.ToString() };
                foreach (var (key, value) in item.Body["fields"] as JsonObject ?? new JsonObject()) output[key] = OrgConfigApi.Plain(value);
                if (includeSecrets)
                {
                    var secrets = new Dictionary<string, object?>();
                    OrgConfigApi.AddSecrets(item, secrets);
                    if (secrets.TryGetValue("fields", out var f) && f is IDictionary<string, object?> clear)
                        foreach (var (key, value) in clear) output[key] = value;
                }
                else withheld.AddRange(item.Secrets.Keys.OrderBy(k => k, StringComparer.Ordinal).Select(k => $"outputs/{item.Name}/{k}"));
                outputs[item.Name] = output;
            }
            if (items.Any(i => i.IsOutput)) doc[OutputsKey] = outputs;
            if (items.Any(i => i.Kind == OrgConfigApi.InstallationKeyKind))
                doc[InstallationKeysKey] = items.Where(i => i.Kind == OrgConfigApi.InstallationKeyKind).OrderBy(i => i.Name, StringComparer.Ordinal)
                    .ToDictionary(i => i.Name, i => OrgConfigApi.Plain(i.Body));
            if (items.Any(i => i.Kind == OrgConfigApi.ExtensionKind))
                doc[ExtensionsKey] = items.Where(i => i.Kind == OrgConfigApi.ExtensionKind).Select(i => i.Name).OrderBy(n => n, StringComparer.Ordinal).ToList();
            var values = items.Where(i => i.Kind == OrgConfigApi.OrgValueKind).OrderBy(i => i.Name, StringComparer.Ordinal).ToList();
            if (values.Count > 0)
            {
                var map = new Dictionary<string, object?>();
                foreach (var value in values)
                {
                    if (!includeSecrets) { withheld.Add($"org-value/{value.Name}"); continue; }
                    var clear = new Dictionary<string, object?>();
                    OrgConfigApi.AddSecrets(value, clear);
                    map[value.Name] = clear.TryGetValue(OrgConfigApi.OrgValueSecret, out var text) ? text : null;
                }
                if (includeSecrets) doc[OrgValuesKey] = map;
            }
            var note = withheld.Count == 0 ? string.Empty
                : "# Secrets not exported (Export-LcOrgConfig -IncludeSecret writes them in clear text):\n" +
                  string.Concat(withheld.Select(w => $"#   {w}\n")) +
                  "# Import-LcOrgConfig keeps an output's secret settings only when told how (-OutputSecret or -Force), and\n" +
                  "# an org value is neither created nor changed without its value.\n";
            var serializer = new SerializerBuilder().WithQuotingNecessaryStrings().Build();
            var full = Path.GetFullPath(path);
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            File.WriteAllText(full, note + serializer.Serialize(doc), new UTF8Encoding(false));
        }
    }
}
