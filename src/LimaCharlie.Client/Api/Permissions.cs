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
        /// <summary>Every known permission name, the fixed ones first, then the per-hive ones.</summary>
        public static IReadOnlyList<string> All { get; } =
            PermissionNames.Fixed.Concat(PermissionNames.Hives.SelectMany(hive => PermissionNames.HiveActions.Select(action => $"{hive}.{action}"))).ToArray();

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
