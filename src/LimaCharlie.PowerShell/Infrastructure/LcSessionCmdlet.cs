using System.Management.Automation;
using LimaCharlie.Client;

namespace LimaCharlie.PowerShell.Infrastructure
{
    /// <summary>The base of cmdlets that call the API through a session: adds -Session.</summary>
    public abstract class LcSessionCmdlet : LcCmdlet
    {
        /// <summary>The session to use instead of the runspace's default (from Connect-LcOrg -PassThru).</summary>
        [Parameter(ValueFromPipelineByPropertyName = false)]
        public Session? Session { get; set; }

        private Session? _resolved;

        protected Session CurrentSession => _resolved ??= RequireSession(Session);

        internal LcConnection Connection => CurrentSession.Connection;
    }
}
