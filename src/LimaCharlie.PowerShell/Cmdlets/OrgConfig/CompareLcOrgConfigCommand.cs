using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using LimaCharlie.Client.Api;
using LimaCharlie.PowerShell.Completers;
using LimaCharlie.PowerShell.Infrastructure;

namespace LimaCharlie.PowerShell.Cmdlets.OrgConfig
{
    /// <summary>
    /// Shows the differences between an organization (the difference side, -Session) and a folder of configuration
    /// files or another organization (the reference side), field by field (secret values never shown). No output means
    /// no difference.
    /// </summary>
    [Cmdlet(VerbsData.Compare, "LcOrgConfig", DefaultParameterSetName = FolderSet)]
    [OutputType(typeof(OrgConfigChange))]
    public sealed class CompareLcOrgConfigCommand : LcOrganizationCmdlet
    {
        private const string FolderSet = "Folder";
        private const string SessionSet = "Session";

        /// <summary>A folder written by Export-LcOrgConfig: the reference.</summary>
        [Parameter(Mandatory = true, Position = 0, ParameterSetName = FolderSet)]
        [ValidateNotNullOrEmpty]
        public string Path { get; set; } = string.Empty;

        /// <summary>Another organization's session: the reference.</summary>
        [Parameter(Mandatory = true, ParameterSetName = SessionSet)]
        public LimaCharlie.Session? ReferenceSession { get; set; }

        /// <summary>More hives to compare besides the rule hives.</summary>
        [Parameter]
        [ArgumentCompleter(typeof(HiveNameCompleter))]
        [ValidatePlainText]
        public string[]? Hive { get; set; }

        protected override void OnProcess()
        {
            var connection = Connection;
            var oid = Organization;
            List<ConfigItem> reference;
            string[] hives;
            if (ParameterSetName == FolderSet)
            {
                reference = OrgConfigApi.ReadFolder(GetUnresolvedProviderPathFromPSPath(Path), Warn);
                hives = OrgConfigKinds.Hives(Hive, reference.Select(i => i.Kind));
            }
            else
            {
                hives = OrgConfigKinds.Hives(Hive);
                var other = ReferenceSession!.Connection;
                reference = Await((log, ct) => other.Organization(null, log).Config.ReadOrgAsync(hives, ct));
            }
            var difference = InOrganization(oid, (org, ct) => org.Config.ReadOrgAsync(hives, ct));
            foreach (var change in OrgConfigApi.Plan(difference, reference, prune: true))
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
                WriteObject(new OrgConfigChange(change.Kind, change.Name, what, side, differences, connection.ResolveOrganization(oid)));
            }
        }
    }
}
