using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using LimaCharlie.Client.Yaml;
using YamlDotNet.RepresentationModel;

namespace LimaCharlie.Client.Credentials
{
    /// <summary>One environment of the official CLI's config file: the top level (<c>default</c>) or an <c>env:</c> entry.</summary>
    public sealed record ConfigEnvironment(string Name, string? OrganizationId, string? UserId, string? ApiKey);

    /// <summary>
    /// The YAML credentials file of the official LimaCharlie CLI (<c>~/.limacharlie.d/config.yaml</c>,
    /// <c>%APPDATA%\limacharlie\config.yaml</c>, legacy <c>~/.limacharlie</c>).
    /// </summary>
    public sealed class ConfigFile
    {
        public const string DefaultEnvironment = "default";

        private ConfigFile(string path, string? currentEnvironment, ConfigEnvironment top, IReadOnlyDictionary<string, ConfigEnvironment> named)
        {
            Path = path;
            CurrentEnvironment = currentEnvironment;
            Top = top;
            Environments = named;
        }

        public string Path { get; }
        /// <summary>The <c>current_env</c> key written by <c>limacharlie auth use-env</c>.</summary>
        public string? CurrentEnvironment { get; }
        public ConfigEnvironment Top { get; }
        public IReadOnlyDictionary<string, ConfigEnvironment> Environments { get; }

        /// <summary>The named environment; <c>default</c> is the top level unless an <c>env:</c> entry of that name exists.</summary>
        public ConfigEnvironment? Find(string name)
        {
            if (Environments.TryGetValue(name, out var env)) return env;
            return string.Equals(name, DefaultEnvironment, StringComparison.OrdinalIgnoreCase) ? Top : null;
        }

        /// <summary>The config file locations the official CLI uses, in the order it reads them.</summary>
        public static IEnumerable<string> Candidates(Func<string, string?> getEnv, string home)
        {
            var configDir = getEnv("LC_CONFIG_DIR");
            if (!string.IsNullOrWhiteSpace(configDir)) yield return System.IO.Path.Combine(configDir!, "config.yaml");
            yield return System.IO.Path.Combine(home, ".limacharlie.d", "config.yaml");
            var appData = getEnv("APPDATA");
            if (!string.IsNullOrWhiteSpace(appData)) yield return System.IO.Path.Combine(appData!, "limacharlie", "config.yaml");
            yield return System.IO.Path.Combine(home, ".limacharlie");
        }

        public static ConfigFile Load(string path)
        {
            string text;
            try
            {
                text = File.ReadAllText(path);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new LcConfigurationException($"Cannot read the LimaCharlie config file '{path}': {e.Message}",
                    ErrorIds.ConfigFileUnreadable, inner: e);
            }

            var stream = YamlText.Parse(text, (why, e) => Invalid(path, why, e));
            if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is YamlScalarNode { Value: null or "" })
                return new ConfigFile(path, null, new ConfigEnvironment(DefaultEnvironment, null, null, null), new Dictionary<string, ConfigEnvironment>());
            var root = stream.Documents[0].RootNode as YamlMappingNode
                       ?? throw Invalid(path, "the top level is not a mapping of keys to values");

            var named = new Dictionary<string, ConfigEnvironment>(StringComparer.OrdinalIgnoreCase);
            if (root.Children.TryGetValue(new YamlScalarNode("env"), out var envNode) && envNode is not YamlScalarNode { Value: null or "" })
            {
                if (envNode is not YamlMappingNode envMap) throw Invalid(path, "'env' is not a mapping of environment names");
                foreach (var (key, value) in envMap.Children)
                {
                    var name = (key as YamlScalarNode)?.Value ?? throw Invalid(path, "an environment name under 'env' is not text");
                    if (value is not YamlMappingNode map) throw Invalid(path, $"environment '{name}' is not a mapping");
                    named[name] = Read(name, map, path);
                }
            }

            return new ConfigFile(path, Scalar(root, "current_env", path), Read(DefaultEnvironment, root, path), named);
        }

        private static ConfigEnvironment Read(string name, YamlMappingNode map, string path) =>
            new(name, Scalar(map, "oid", path), Scalar(map, "uid", path), Scalar(map, "api_key", path));

        private static string? Scalar(YamlMappingNode map, string key, string path)
        {
            if (!map.Children.TryGetValue(new YamlScalarNode(key), out var node)) return null;
            if (node is not YamlScalarNode scalar) throw Invalid(path, $"'{key}' is not a single value");
            return string.IsNullOrWhiteSpace(scalar.Value) ? null : scalar.Value!.Trim();
        }

        private static LcConfigurationException Invalid(string path, string why, Exception? inner = null) =>
            new($"The LimaCharlie config file '{path}' is not valid: {why}.", ErrorIds.ConfigFileInvalid, inner: inner);

        public IEnumerable<string> EnvironmentNames() =>
            new[] { DefaultEnvironment }.Concat(Environments.Keys).Distinct(StringComparer.OrdinalIgnoreCase);
    }
}
