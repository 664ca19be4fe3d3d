using System;
using System.Management.Automation;
using LimaCharlie.Client.Api;
using LimaCharlie.PowerShell.Completers;

namespace LimaCharlie.PowerShell.Infrastructure
{
    /// <summary>
    /// The base of cmdlets that change one group (members, organizations, permissions): -GroupId bound by property name
    /// (so Get-LcGroup output pipes in), and -PassThru to get the group back as it is afterwards.
    /// </summary>
    public abstract class LcGroupChangeCmdlet : LcSessionCmdlet
    {
        [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true)]
        [Alias("gid")]
        [ArgumentCompleter(typeof(GroupCompleter))]
        public Guid GroupId { get; set; }

        /// <summary>Writes the group as it is after the change.</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        /// <summary>Checks the session can manage groups before anything is asked or sent.</summary>
        protected void RequireUserKey() => Connection.RequireUserTarget(MyInvocation.MyCommand.Name);

        protected void WriteGroupIfAsked(bool changed)
        {
            if (!PassThru || !changed) return;
            var connection = Connection;
            var gid = GroupId;
            ForEachItem(gid, () => WriteObject(Await((log, ct) => GroupApi.GetAsync(connection, gid, log, ct))));
        }
    }
}
