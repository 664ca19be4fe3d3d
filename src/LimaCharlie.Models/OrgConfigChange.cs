using System;
using System.Collections.Generic;
using System.Linq;

namespace LimaCharlie
{
    /// <summary>
    /// One difference between two configurations, or one change an import made. Kind is the hive (dr-general, fp ...) or
    /// "output"; Action is Add, Change, Remove or Extra (in the organization, not in the folder, kept).
    /// </summary>
    public sealed class OrgConfigChange
    {
        public OrgConfigChange(string kind, string name, string action, string? sideIndicator = null,
            IReadOnlyList<OrgConfigFieldChange>? differences = null, Guid? organizationId = null)
        {
            Kind = kind;
            Name = name;
            Action = action;
            SideIndicator = sideIndicator;
            Differences = differences?.ToArray() ?? Array.Empty<OrgConfigFieldChange>();
            OrganizationId = organizationId;
        }

        public string Kind { get; }
        public string Name { get; }
        public string Action { get; }
        /// <summary>For comparisons, as Compare-Object: "&lt;=" only in the reference, "=&gt;" only in the difference, "&lt;&gt;" different.</summary>
        public string? SideIndicator { get; }
        /// <summary>The fields that differ, with their values before (in the organization) and after (in the reference); secrets are never shown.</summary>
        public OrgConfigFieldChange[] Differences { get; }
        /// <summary>The organization the change is about (the difference side of a comparison, the target of an import).</summary>
        public Guid? OrganizationId { get; }

        /// <summary>The differences in one line: <c>detect.value: a -&gt; b; enabled: True -&gt; False</c>.</summary>
        public string Summary => string.Join("; ", Differences.Select(d => d.ToString()));

        public override string ToString() => $"{Action} {Kind}/{Name}";
    }

    /// <summary>One field of a configuration difference; Before or After is null where the field is absent.</summary>
    public sealed class OrgConfigFieldChange
    {
        private const int ShownLength = 60;

        public OrgConfigFieldChange(string field, string? before, string? after)
        {
            Field = field;
            Before = before;
            After = after;
        }

        /// <summary>The field's path: <c>detect.value</c>, <c>respond[0].name</c>, <c>enabled</c>, <c>fields.dest_host</c> ...</summary>
        public string Field { get; }
        /// <summary>The value in the organization (the difference side), or null when it has none.</summary>
        public string? Before { get; }
        /// <summary>The value in the reference (the folder or the other organization), or null when it has none.</summary>
        public string? After { get; }

        public override string ToString() => $"{Field}: {Shown(Before)} -> {Shown(After)}";

        private static string Shown(string? value) => value is null ? "(none)"
            : value.Length > ShownLength ? value.Substring(0, ShownLength - 1) + "…" : value;
    }

    /// <summary>A file Export-LcOrgConfig wrote: what it holds (kind and name) and where.</summary>
    public sealed class OrgConfigFile
    {
        public OrgConfigFile(string kind, string name, string path)
        {
            Kind = kind;
            Name = name;
            Path = path;
        }

        /// <summary>The hive (dr-general, fp ...) or "output".</summary>
        public string Kind { get; }
        public string Name { get; }
        /// <summary>The file's full path.</summary>
        public string Path { get; }

        public override string ToString() => Path;
    }
}
