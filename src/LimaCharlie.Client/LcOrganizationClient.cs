using System;
using LimaCharlie.Client.Logging;

namespace LimaCharlie.Client
{
    /// <summary>
    /// The engine bound to one organization and one caller's log: <c>connection.Organization(oid, log).Sensors.GetAsync(sid, ct)</c>.
    /// The organization (the session's own when none is given) is resolved by the first call that needs it, so a refused
    /// organization fails that call as it would fail any other request; each area is a light view over the same
    /// connection, so a client is cheap to make per call.
    /// </summary>
    public sealed class LcOrganizationClient
    {
        private readonly Guid? _requested;
        private Guid? _resolved;

        public LcOrganizationClient(LcConnection connection, Guid? organizationId, ILcLog? log = null)
        {
            Connection = connection;
            _requested = organizationId;
            Log = log ?? NullLog.Instance;
        }

        public LcConnection Connection { get; }
        public ILcLog Log { get; }

        /// <summary>The organization acted on; throws <see cref="LcConfigurationException"/> when the session cannot act on it.</summary>
        public Guid OrganizationId => _resolved ??= Connection.ResolveOrganization(_requested);
    }

    /// <summary>
    /// The engine for what a key reaches beyond one organization (groups, the organizations it can see, who it is),
    /// bound to one caller's log: <c>connection.Account(log).Groups.ListAsync(ct)</c>. Areas declare their accessors in
    /// <see cref="Api.AccountAreas"/>.
    /// </summary>
    public sealed class LcAccountClient
    {
        public LcAccountClient(LcConnection connection, ILcLog? log = null)
        {
            Connection = connection;
            Log = log ?? NullLog.Instance;
        }

        public LcConnection Connection { get; }
        public ILcLog Log { get; }

        public LcOrganizationClient Organization(Guid? organizationId) => new(Connection, organizationId, Log);
    }
}
