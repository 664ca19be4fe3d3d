using System.Management.Automation;
using LimaCharlie.PowerShell.Infrastructure;

namespace LimaCharlie.PowerShell.Cmdlets.Session
{
    /// <summary>Forgets the runspace's default session (or the one given) and drops its cached tokens.</summary>
    [Cmdlet(VerbsCommunications.Disconnect, "LcOrg")]
    [OutputType(typeof(void))]
    public sealed class DisconnectLcOrgCommand : LcCmdlet
    {
        [Parameter(ValueFromPipeline = true)]
        public LimaCharlie.Session? Session { get; set; }

        protected override void Process()
        {
            var current = SessionStore.Get(this);
            var session = Session ?? current;
            if (session is null)
            {
                Verbose("There is no LimaCharlie session in this runspace; nothing to disconnect.");
                return;
            }
            session.Connection.Tokens.Clear();
            if (ReferenceEquals(session, current)) SessionStore.Clear(this);
            Verbose($"Disconnected {session}.");
        }
    }
}
