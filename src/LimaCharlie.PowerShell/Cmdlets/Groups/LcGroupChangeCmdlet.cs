using System;
using System.Collections.Generic;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using LimaCharlie.Client.Api;
using LimaCharlie.Client.Logging;
using LimaCharlie.PowerShell.Completers;
using LimaCharlie.PowerShell.Infrastructure;

namespace LimaCharlie.PowerShell.Cmdlets.Groups
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

        /// <summary>
        /// Applies one change per item after ShouldProcess, reporting a failed item and going on with the rest, then
        /// writes the group with -PassThru when anything changed.
        /// </summary>
        protected void ChangeEach<T>(IEnumerable<T> items, Func<T, string> action, Func<T, ILcLog, CancellationToken, Task> change) where T : notnull
        {
            RequireUserKey();
            var gid = GroupId;
            var changed = false;
            foreach (var item in items)
            {
                if (!ShouldProcess($"group {gid}", action(item))) continue;
                ForEachItem(item, () =>
                {
                    Await((log, ct) => change(item, log, ct));
                    changed = true;
                });
            }
            WriteGroupIfAsked(changed);
        }

        protected void WriteGroupIfAsked(bool changed)
        {
            if (!PassThru || !changed) return;
            var gid = GroupId;
            ForEachItem(gid, () => WriteObject(InAccount((account, ct) => account.Groups.GetAsync(gid, ct))));
        }
    }
}
