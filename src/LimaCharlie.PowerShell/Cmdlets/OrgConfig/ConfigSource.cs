using System;
using System.Collections.Generic;
using System.Linq;
using LimaCharlie.Client.Api;
using LimaCharlie.PowerShell.Infrastructure;

namespace LimaCharlie.PowerShell.Cmdlets.OrgConfig
{
    /// <summary>
    /// Configuration read from a path: a sync file (the CLI's format) or a folder of one file per item, with the hives and
    /// sections it speaks for, so the organization is read (and pruned) only there.
    /// </summary>
    internal sealed record ConfigSource(List<ConfigItem> Items, string[] Hives, string[] Sections, string[] Unsupported, string Description)
    {
        public static ConfigSource Read(string path, IEnumerable<string>? extraHives, Action<string> warn)
        {
            if (SyncFile.IsSyncPath(path))
            {
                var sync = SyncFile.Read(path, warn);
                return new ConfigSource(sync.Items, OrgConfigKinds.Checked(sync.Hives.Concat(extraHives ?? Array.Empty<string>())),
                    sync.Sections, sync.Unsupported, $"sync file '{path}'");
            }
            var items = OrgConfigApi.ReadFolder(path, warn);
            var sections = OrgConfigApi.Sections.Where(s => s == OrgConfigApi.OutputKind || items.Any(i => i.Kind == s)).ToArray();
            return new ConfigSource(items, OrgConfigKinds.Hives(extraHives, items.Select(i => i.Kind)), sections, Array.Empty<string>(), $"folder '{path}'");
        }

        /// <summary>The error for sections of a sync file that the module cannot apply.</summary>
        public LcConfigurationException UnsupportedError() => new(
            $"The {Description} has sections the module cannot apply: {string.Join(", ", Unsupported)}. Nothing was changed.",
            ErrorIds.InvalidConfiguration,
            "Apply these sections with the LimaCharlie CLI (limacharlie sync push), and remove them from the file (or move them to a file of their own) for Import-LcOrgConfig.");
    }
}
