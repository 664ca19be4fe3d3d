using System;
using System.Collections.Generic;
using System.Linq;
using LimaCharlie.Client.Api;

namespace LimaCharlie.PowerShell.Infrastructure
{
    /// <summary>
    /// Which hives and sections a configuration command reads: the rule hives by default, plus those asked for (never
    /// the secret hive); outputs by default, plus the sections asked for.
    /// </summary>
    internal static class OrgConfigKinds
    {
        /// <summary>The -Section values and the kinds they stand for.</summary>
        public static readonly IReadOnlyDictionary<string, string> SectionNames = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            ["Output"] = OrgConfigApi.OutputKind,
            ["InstallationKey"] = OrgConfigApi.InstallationKeyKind,
            ["Extension"] = OrgConfigApi.ExtensionKind,
            ["OrgValue"] = OrgConfigApi.OrgValueKind,
        };

        public static string[] Hives(IEnumerable<string>? extra, IEnumerable<string>? fromFolder = null) =>
            Checked(OrgConfigApi.RuleHives.Concat(extra ?? Array.Empty<string>())
                .Concat((fromFolder ?? Array.Empty<string>()).Where(k => !OrgConfigApi.Sections.Contains(k))));

        /// <summary>The hives, each once; the secret hive refused.</summary>
        public static string[] Checked(IEnumerable<string> hives)
        {
            var list = hives.Distinct(StringComparer.Ordinal).ToArray();
            if (list.Contains(HiveApi.SecretHive))
                throw new LcConfigurationException("The secret hive is not exported, imported or compared: its values would be written to files in clear.",
                    ErrorIds.InvalidConfiguration, "Manage secrets with Set-LcHiveRecord -Hive secret and SecureString values.");
            return list;
        }

        /// <summary>The kinds of the -Section values; <paramref name="fallback"/> when none is given.</summary>
        public static string[] Sections(IEnumerable<string>? names, IEnumerable<string> fallback) =>
            names is null ? fallback.ToArray() : names.Select(n => SectionNames[n]).Distinct(StringComparer.Ordinal).ToArray();
    }
}
