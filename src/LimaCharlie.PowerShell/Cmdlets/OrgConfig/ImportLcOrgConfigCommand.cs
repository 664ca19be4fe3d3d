using System.Linq;
using System.Management.Automation;
using LimaCharlie.Client.Api;
using LimaCharlie.PowerShell.Infrastructure;

namespace LimaCharlie.PowerShell.Cmdlets.OrgConfig
{
    /// <summary>
    /// Applies a folder written by Export-LcOrgConfig (or by hand) to an organization: adds and changes what differs,
    /// and with -Prune removes what the folder lacks. Every file is read and checked before anything is changed; each
    /// write carries the etag read when planning, so a concurrent edit is caught.
    /// </summary>
    [Cmdlet(VerbsData.Import, "LcOrgConfig", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(OrgConfigChange))]
    public sealed class ImportLcOrgConfigCommand : LcOrganizationCmdlet
    {
        [Parameter(Mandatory = true, Position = 0)]
        [ValidateNotNullOrEmpty]
        public string Path { get; set; } = string.Empty;

        /// <summary>Also removes rules, FP rules, outputs and records of the folder's hives that the folder does not have.</summary>
        [Parameter]
        public SwitchParameter Prune { get; set; }

        protected override object? ErrorTarget => Path;

        protected override bool ItemsNeedDifferentPermissions => true;

        protected override void OnProcess()
        {
            var connection = Connection;
            var oid = Organization;
            var desired = LimaCharlie.Client.Api.OrgConfig.ReadFolder(GetUnresolvedProviderPathFromPSPath(Path));
            var hives = OrgConfigKinds.Hives(null, desired.Select(i => i.Kind));
            var current = Await((log, ct) => LimaCharlie.Client.Api.OrgConfig.ReadOrgAsync(connection, oid, hives, log, ct));
            var plan = LimaCharlie.Client.Api.OrgConfig.Plan(current, desired, Prune);
            Verbose($"{plan.Count(c => c.Action == "Add")} to add, {plan.Count(c => c.Action == "Change")} to change, " +
                    $"{plan.Count(c => c.Action == "Remove")} to remove, {plan.Count(c => c.Action == "Extra")} kept (not in the folder; -Prune removes them).");
            foreach (var change in plan)
            {
                if (change.Action == "Extra") continue;
                if (!ShouldProcess($"{change.Kind}/{change.Name}", change.Action)) continue;
                ForEachItem($"{change.Kind}/{change.Name}", () =>
                {
                    Await((log, ct) => LimaCharlie.Client.Api.OrgConfig.ApplyAsync(connection, oid, change, log, ct));
                    WriteObject(new OrgConfigChange(change.Kind, change.Name, change.Action));
                });
            }
        }
    }
}
