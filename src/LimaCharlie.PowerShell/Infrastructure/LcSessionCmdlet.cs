using System;
using System.Collections.Generic;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using LimaCharlie.Client;

namespace LimaCharlie.PowerShell.Infrastructure
{
    /// <summary>
    /// The base of cmdlets that call the API through a session: adds -Session, and runs calls into the engine bound to an
    /// organization (<see cref="InOrganization{T}"/>) or to the account (<see cref="InAccount{T}"/>) with this command's log.
    /// </summary>
    public abstract class LcSessionCmdlet : LcCmdlet
    {
        /// <summary>The session to use instead of the runspace's default (from Connect-LcOrg -PassThru).</summary>
        [Parameter(ValueFromPipelineByPropertyName = false)]
        public Session? Session { get; set; }

        private Session? _resolved;

        protected Session CurrentSession => _resolved ??= RequireSession(Session);

        internal LcConnection Connection => CurrentSession.Connection;

        /// <summary>Waits for a call into an organization (the session's own when null): <c>InOrganization(oid, (org, ct) => org.Sensors.GetAsync(sid, ct))</c>.</summary>
        protected T InOrganization<T>(Guid? organizationId, Func<LcOrganizationClient, CancellationToken, Task<T>> call)
        {
            var connection = Connection;
            return Await((log, ct) => call(connection.Organization(organizationId, log), ct));
        }

        protected internal void InOrganization(Guid? organizationId, Func<LcOrganizationClient, CancellationToken, Task> call)
        {
            var connection = Connection;
            Await((log, ct) => call(connection.Organization(organizationId, log), ct));
        }

        /// <summary>Writes each item of an organization's listing as it arrives (see <see cref="LcCmdlet.Stream{T}"/>).</summary>
        protected void StreamInOrganization<T>(Guid? organizationId, Func<LcOrganizationClient, CancellationToken, IAsyncEnumerable<T>> listing,
            Action<T> write)
        {
            var connection = Connection;
            Stream((log, ct) => listing(connection.Organization(organizationId, log), ct), write);
        }

        /// <summary>Waits for a call above organizations: <c>InAccount((account, ct) => account.Groups.ListAsync(ct))</c>.</summary>
        protected T InAccount<T>(Func<LcAccountClient, CancellationToken, Task<T>> call)
        {
            var connection = Connection;
            return Await((log, ct) => call(connection.Account(log), ct));
        }

        protected void InAccount(Func<LcAccountClient, CancellationToken, Task> call)
        {
            var connection = Connection;
            Await((log, ct) => call(connection.Account(log), ct));
        }
    }
}
