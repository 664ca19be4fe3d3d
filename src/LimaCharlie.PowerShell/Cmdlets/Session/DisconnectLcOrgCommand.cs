using System.Management.Automation;
using LimaCharlie.PowerShell.Infrastructure;

namespace LimaCharlie.PowerShell.Cmdlets.Session
{
    /// <summary>Closes the runspace's default session (or the one given): its tokens are dropped and it cannot be used again.</summary>
    [Cmdlet(VerbsCommunications.Disconnect, "LcOrg")]
    [OutputType(typeof(void))]
    public sealed class DisconnectLcOrgCommand : LcCmdlet
    {
        [Parameter(ValueFromPipeline = true)]
        public LimaCharlie.Session? Session { get; set; }

        protected override void OnProcess()
        {
            var current = SessionStore.Get(this);
            var session = Session ?? current;
            if (session is null)
            {
                Verbose("There is no LimaCharlie session in this runspace; nothing to disconnect.");
                return;
            }
            session.Connection.Close();
            if (ReferenceEquals(session, current)) SessionStore.Clear(this);
            Verbose($"Disconnected {session}.");
        }
    }
}
