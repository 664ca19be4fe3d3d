using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json.Nodes;
using LimaCharlie.Client.Yaml;

namespace LimaCharlie.Client.Api
{
    /// <summary>A rule read from a file or given by the user, with its metadata and where it came from for error messages.</summary>
    public sealed record RuleDefinition(string Name, JsonObject Body, ConfigMetadata Metadata, string Origin);

    /// <summary>
    /// D&amp;R and false-positive rules as users keep them: YAML or JSON files holding one rule (named by its <c>name</c>
    /// field or the file name) or a mapping of names to rules, each read by <see cref="ConfigFormat"/> (the format
    /// Export-LcOrgConfig writes, metadata included). Every problem names the file and the rule.
    /// </summary>
    public static class RuleDefinitions
    {
        public const string DrHivePrefix = "dr-";
        public const string FpHive = "fp";
        public static readonly string[] Namespaces = { "general", "managed", "service" };

        public static string DrHive(string ns)
        {
            var name = ns.Trim().ToLowerInvariant();
            return Namespaces.Contains(name) ? DrHivePrefix + name
                : throw new LcConfigurationException($"'{ns}' is not a D&R rule namespace; use general, managed or service.", ErrorIds.InvalidRule);
        }

        /// <summary>Checks a D&amp;R rule: a <c>detect</c> mapping and a <c>respond</c> list (one response is accepted and wrapped).</summary>
        public static JsonObject ValidateDr(JsonObject rule, string name, string origin)
        {
            if (rule["detect"] is not JsonObject detect)
                throw Invalid(name, origin, rule.ContainsKey("detect") ? "'detect' must be a mapping (op: ..., event: ...)" : "it has no 'detect' section");
            var respond = rule["respond"] switch
            {
                JsonArray list => list,
                JsonObject single => new JsonArray(single.DeepClone()),
                null when !rule.ContainsKey("respond") => throw Invalid(name, origin, "it has no 'respond' section"),
                _ => throw Invalid(name, origin, "'respond' must be a list of actions"),
            };
            if (respond.Any(a => a is not JsonObject))
                throw Invalid(name, origin, "each entry of 'respond' must be a mapping (action: report, name: ...)");
            var valid = new JsonObject { ["detect"] = detect.DeepClone(), ["respond"] = respond.DeepClone() };
            if (rule["tests"] is { } tests) valid["tests"] = tests.DeepClone();
            return valid;
        }

        public static JsonObject ValidateFp(JsonObject rule, string name, string origin)
        {
            if (rule.Count == 0) throw Invalid(name, origin, "the rule is empty");
            return (JsonObject)rule.DeepClone();
        }

        /// <summary>
        /// The rules of a file: one (with detect/respond, or op for FP rules, or a hive record's data/usr_mtd) or a mapping
        /// of names to rules; keys not understood are reported through <paramref name="warn"/>.
        /// </summary>
        public static IReadOnlyList<RuleDefinition> LoadFile(string path, bool dr, Action<string> warn)
        {
            string text;
            try { text = File.ReadAllText(path); }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new LcConfigurationException($"Cannot read the rule file '{path}': {e.Message}", ErrorIds.InvalidRule, null, e);
            }
            var origin = $"file '{path}'";
            var root = YamlJson.Parse(text, (why, e) => new LcConfigurationException($"The rule file '{path}' is not valid YAML or JSON: {why}.",
                ErrorIds.InvalidRule, "Fix the file; a D&R rule has 'detect' and 'respond' sections.", e)) as JsonObject
                ?? throw Invalid(Path.GetFileNameWithoutExtension(path), origin, "the file does not hold a mapping");

            var kind = dr ? DrHivePrefix + "general" : FpHive;
            var single = ConfigFormat.IsRecordLayout(root, kind)
                         || (dr ? root.ContainsKey("detect") || root.ContainsKey("respond") : root.ContainsKey("op") || root.ContainsKey("rule"));
            if (single) return new[] { Definition(root, kind, Path.GetFileNameWithoutExtension(path), origin, dr, warn) };

            var rules = new List<RuleDefinition>();
            foreach (var (name, value) in root)
            {
                if (value is not JsonObject body) throw Invalid(name, origin, "it is not a mapping");
                rules.Add(Definition(body, kind, name, origin, dr, warn));
            }
            if (rules.Count == 0) throw Invalid(Path.GetFileNameWithoutExtension(path), origin, "the file holds no rule");
            return rules;
        }

        private static RuleDefinition Definition(JsonObject document, string kind, string defaultName, string origin, bool dr, Action<string> warn)
        {
            var read = ConfigFormat.Read(document, kind, defaultName, origin, warn, Invalid);
            var body = dr ? ValidateDr(read.Body, read.Name, origin) : ValidateFp(read.Body, read.Name, origin);
            return new RuleDefinition(read.Name, body, read.Metadata, origin);
        }

        private static LcConfigurationException Invalid(string name, string origin, string why) =>
            new($"The rule '{name}' in {origin} is not valid: {why}.", ErrorIds.InvalidRule,
                "A D&R rule has a 'detect' mapping and a 'respond' list; a false-positive rule is a detection-like mapping (op: ...).");
    }
}
