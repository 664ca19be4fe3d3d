using System;
using System.Management.Automation;
using LimaCharlie.Client.Api;
using LimaCharlie.PowerShell.Completers;
using LimaCharlie.PowerShell.Infrastructure;

namespace LimaCharlie.PowerShell.Cmdlets.Groups
{
    /// <summary>Removes organizations from a group: its members lose the group's permissions there.</summary>
    [Cmdlet(VerbsCommon.Remove, "LcGroupOrganization", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(Group))]
    public sealed class RemoveLcGroupOrganizationCommand : LcGroupChangeCmdlet
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("oid")]
        [ArgumentCompleter(typeof(OrganizationIdCompleter))]
        public Guid[] OrganizationId { get; set; } = Array.Empty<Guid>();

        protected override object? ErrorTarget => GroupId;

        protected override void OnProcess()
        {
            RequireUserKey();
            var connection = Connection;
            var gid = GroupId;
            var changed = false;
            foreach (var oid in OrganizationId)
            {
                if (!ShouldProcess($"group {gid}", $"Remove organization {oid}")) continue;
                ForEachItem(oid, () =>
                {
                    Await((log, ct) => GroupApi.RemoveOrganizationAsync(connection, gid, oid, log, ct));
                    changed = true;
                });
            }
            WriteGroupIfAsked(changed);
        }
    }
}
