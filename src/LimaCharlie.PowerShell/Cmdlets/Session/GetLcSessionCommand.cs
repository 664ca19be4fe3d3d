using System.Management.Automation;
using LimaCharlie.PowerShell.Infrastructure;

namespace LimaCharlie.PowerShell.Cmdlets.Session
{
    /// <summary>Returns the runspace's default session (what Connect-LcOrg made), or nothing when not connected.</summary>
    [Cmdlet(VerbsCommon.Get, "LcSession")]
    [OutputType(typeof(LimaCharlie.Session))]
    public sealed class GetLcSessionCommand : LcCmdlet
    {
        protected override void OnProcess()
        {
            if (SessionStore.Get(this) is { } session) WriteObject(session);
            else Verbose("Not connected: run Connect-LcOrg.");
        }
    }
}
