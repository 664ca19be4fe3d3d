using System;
using System.Management.Automation;
using LimaCharlie.Client.Api;
using LimaCharlie.PowerShell.Completers;
using LimaCharlie.PowerShell.Infrastructure;

namespace LimaCharlie.PowerShell.Cmdlets.Groups
{
    /// <summary>Deletes groups (<c>DELETE /v1/groups/{gid}</c>): their members lose what the groups gave them.</summary>
    [Cmdlet(VerbsCommon.Remove, "LcGroup", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
    [OutputType(typeof(void))]
    public sealed class RemoveLcGroupCommand : LcSessionCmdlet
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("gid")]
        [ArgumentCompleter(typeof(GroupCompleter))]
        [GuidList]
        public Guid[] GroupId { get; set; } = Array.Empty<Guid>();

        /// <summary>Skips the confirmation prompt (not -WhatIf).</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        protected override void OnProcess()
        {
            var connection = Connection;
            connection.RequireUserTarget("Remove-LcGroup");
            RemoveEach(GroupId, Force, gid => $"group {gid}", "Delete the group (its members lose the access it gives)",
                (gid, log, ct) => connection.Account(log).Groups.DeleteAsync(gid, ct));
        }
    }
}
