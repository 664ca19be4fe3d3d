namespace LimaCharlie
{
    /// <summary>
    /// One difference between two configurations, or one change an import made. Kind is the hive (dr-general, fp ...) or
    /// "output"; Action is Add, Change, Remove or Extra (in the organization, not in the folder, kept).
    /// </summary>
    public sealed class OrgConfigChange
    {
        public OrgConfigChange(string kind, string name, string action, string? sideIndicator = null)
        {
            Kind = kind;
            Name = name;
            Action = action;
            SideIndicator = sideIndicator;
        }

        public string Kind { get; }
        public string Name { get; }
        public string Action { get; }
        /// <summary>For comparisons, as Compare-Object: "&lt;=" only in the reference, "=&gt;" only in the difference, "&lt;&gt;" different.</summary>
        public string? SideIndicator { get; }

        public override string ToString() => $"{Action} {Kind}/{Name}";
    }
}
