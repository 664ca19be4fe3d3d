using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using LimaCharlie.Client.Api;
using LimaCharlie.PowerShell.Completers;
using LimaCharlie.PowerShell.Infrastructure;

namespace LimaCharlie.PowerShell.Cmdlets.OrgConfig
{
    /// <summary>
    /// Shows the differences between two configurations, field by field (secret values never shown): the difference side
    /// is the organization (-Session) or a folder or sync file (-DifferencePath); the reference side is a folder or sync
    /// file (-Path) or another organization (-ReferenceSession). No output means no difference.
    /// </summary>
    [Cmdlet(VerbsData.Compare, "LcOrgConfig", DefaultParameterSetName = FolderSet)]
    [OutputType(typeof(OrgConfigChange))]
    public sealed class CompareLcOrgConfigCommand : LcOrganizationCmdlet
    {
        private const string FolderSet = "Folder";
        private const string SessionSet = "Session";

        /// <summary>A folder or a sync file: the reference.</summary>
        [Parameter(Mandatory = true, Position = 0, ParameterSetName = FolderSet)]
        [ValidateNotNullOrEmpty]
        public string Path { get; set; } = string.Empty;

        /// <summary>Another organization's session: the reference.</summary>
        [Parameter(Mandatory = true, ParameterSetName = SessionSet)]
        public LimaCharlie.Session? ReferenceSession { get; set; }

        /// <summary>A folder or a sync file as the difference side, instead of the organization.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        public string? DifferencePath { get; set; }

        /// <summary>More hives to compare besides the rule hives (and those the files have).</summary>
        [Parameter]
        [ArgumentCompleter(typeof(HiveNameCompleter))]
        [ValidatePlainText]
        public string[]? Hive { get; set; }

        /// <summary>The sections besides hives to compare where no file says: Output, InstallationKey, Extension, OrgValue (default Output).</summary>
        [Parameter]
        [ValidateSet("Output", "InstallationKey", "Extension", "OrgValue")]
        public string[]? Section { get; set; }

        protected override void OnProcess()
        {
            var connection = Connection;
            var reference = ParameterSetName == FolderSet ? ConfigSource.Read(GetUnresolvedProviderPathFromPSPath(Path), Hive, Warn) : null;
            var difference = DifferencePath is null ? null : ConfigSource.Read(GetUnresolvedProviderPathFromPSPath(DifferencePath), Hive, Warn);
            foreach (var source in new[] { reference, difference })
                if (source is { Unsupported.Length: > 0 })
                    Warn($"The {source.Description} has sections the module cannot read, not compared: {string.Join(", ", source.Unsupported)}.");
            var files = new[] { reference, difference }.OfType<ConfigSource>().ToArray();
            // Only what both sides speak for is compared: an organization has everything, a file what it has.
            var hives = files.Length == 0 ? OrgConfigKinds.Hives(Hive)
                : OrgConfigKinds.Checked(files.Select(f => f.Hives.AsEnumerable()).Aggregate((a, b) => a.Intersect(b)));
            var sections = files.Length == 0
                ? OrgConfigKinds.Sections(Section, new[] { OrgConfigApi.OutputKind })
                : files.Select(f => f.Sections.Concat(OrgConfigKinds.Sections(Section, Array.Empty<string>())))
                    .Aggregate((a, b) => a.Intersect(b)).Distinct().ToArray();
            if (reference is null)
            {
                var other = ReferenceSession!.Connection;
                reference = new ConfigSource(Await((log, ct) => other.Organization(null, log).Config.ReadOrgAsync(hives, ct, sections)),
                    hives, sections, Array.Empty<string>(), "reference organization");
            }
            Guid? oid = null;
            if (difference is null)
            {
                oid = connection.ResolveOrganization(Organization);
                difference = new ConfigSource(InOrganization(Organization, (org, ct) => org.Config.ReadOrgAsync(hives, ct, sections)),
                    hives, sections, Array.Empty<string>(), "organization");
            }
            bool InScope(ConfigItem item) => hives.Contains(item.Kind) || sections.Contains(item.Kind);
            foreach (var change in OrgConfigApi.Plan(difference.Items.Where(InScope), reference.Items.Where(InScope), prune: true))
            {
                var (what, side) = change.Action switch
                {
                    "Add" => ("OnlyInReference", "<="),
                    "Remove" => ("OnlyInDifference", "=>"),
                    _ => ("Different", "<>"),
                };
                var differences = change.Action == "Change"
                    ? change.Differences().Select(d => new OrgConfigFieldChange(d.Field, d.Before, d.After)).ToArray()
                    : null;
                WriteObject(new OrgConfigChange(change.Kind, change.Name, what, side, differences, oid));
            }
        }
    }
}
