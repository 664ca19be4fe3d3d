using System;
using System.Collections.Generic;
using System.Linq;

namespace LimaCharlie.Client.Api
{
    /// <summary>
    /// The organization permission names (reference §1.4): what New-LcApiKey, Grant-LcPermission and
    /// Revoke-LcPermission complete and check names against.
    /// </summary>
    public static class Permissions
    {
        private static readonly string[] Hives =
        {
            "secret", "lookup", "model", "query", "yara", "ai_agent", "cloudsensor", "playbook", "sop", "org_notes", "app",
            "externaladapter", "ai_skill", "ai_memory", "ai_cost_model",
        };

        private static readonly string[] HiveActions = { "get", "set", "del", "get.mtd", "set.mtd" };

        private static readonly string[] Fixed =
        {
            "org.get", "org.del", "org.set_quota", "org.conf.get", "org.conf.set",
            "apikey.ctrl", "user.ctrl", "billing.ctrl",
            "sensor.list", "sensor.get", "sensor.task", "sensor.del", "sensor.tag",
            "ikey.list", "ikey.set", "ikey.del",
            "dr.list", "dr.set", "dr.del", "dr.list.managed", "dr.set.managed", "dr.del.managed",
            "dr.list.service", "dr.set.service", "dr.del.service",
            "fp.ctrl",
            "ext.request", "ext.conf.get", "ext.conf.set", "ext.conf.del", "ext.conf.get.mtd", "ext.conf.set.mtd",
            "ext.sub", "ext.sub.mtd",
            "replicant.get", "replicant.ctrl",
            "insight.list", "insight.ctrl", "insight.del", "insight.evt.get", "insight.evt.get.simple", "insight.det.get",
            "insight.stat",
            "audit.get", "audit.set",
            "job.get", "job.ctrl",
            "output.list", "output.set", "output.del",
            "payload.ctrl", "module.update", "ingestkey.ctrl",
        };

        /// <summary>Every known permission name, the fixed ones first, then the per-hive ones.</summary>
        public static IReadOnlyList<string> All { get; } =
            Fixed.Concat(Hives.SelectMany(hive => HiveActions.Select(action => $"{hive}.{action}"))).ToArray();

        private static readonly HashSet<string> Known = new(All, StringComparer.Ordinal);

        public static bool IsKnown(string permission) => Known.Contains(permission);

        /// <summary>The names of <paramref name="permissions"/> this list does not know (the API's list grows: callers warn).</summary>
        public static string[] Unknown(IEnumerable<string> permissions) =>
            permissions.Where(p => !Known.Contains(p)).Distinct(StringComparer.Ordinal).ToArray();

        /// <summary>
        /// Checks permission names before they are sent: comma-joined lists are split, names trimmed, blanks and names
        /// that are not <c>category.action</c> refused; names this list does not know are allowed (the cloud adds
        /// permissions: callers warn with <see cref="Unknown"/>), duplicates dropped, order kept.
        /// </summary>
        public static string[] Normalize(IEnumerable<string> names)
        {
            var result = new List<string>();
            foreach (var raw in names)
            {
                foreach (var part in (raw ?? string.Empty).Split(','))
                {
                    var name = part.Trim();
                    if (name.Length == 0 || !name.Contains('.') || name.StartsWith('.') || name.EndsWith('.') || name.Any(char.IsWhiteSpace))
                        throw new ArgumentException($"'{raw}' is not a permission name; permissions look like 'sensor.list' (category.action).");
                    if (!result.Contains(name, StringComparer.Ordinal)) result.Add(name);
                }
            }
            return result.ToArray();
        }
    }
}
