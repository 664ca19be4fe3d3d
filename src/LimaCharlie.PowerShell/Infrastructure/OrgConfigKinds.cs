using System;
using System.Collections.Generic;
using System.Linq;
using LimaCharlie.Client.Api;

namespace LimaCharlie.PowerShell.Infrastructure
{
    /// <summary>Which hives a configuration command reads: the rule hives by default, plus those asked for (never the secret hive).</summary>
    internal static class OrgConfigKinds
    {
        public static string[] Hives(IEnumerable<string>? extra, IEnumerable<string>? fromFolder = null)
        {
            var hives = OrgConfigApi.RuleHives.Concat(extra ?? Array.Empty<string>())
                .Concat((fromFolder ?? Array.Empty<string>()).Where(k => k != OrgConfigApi.OutputKind))
                .Distinct(StringComparer.Ordinal).ToArray();
            if (hives.Contains(HiveApi.SecretHive))
                throw new LcConfigurationException("The secret hive is not exported, imported or compared: its values would be written to files in clear.",
                    ErrorIds.InvalidConfiguration, "Manage secrets with Set-LcHiveRecord -Hive secret and SecureString values.");
            return hives;
        }
    }
}
