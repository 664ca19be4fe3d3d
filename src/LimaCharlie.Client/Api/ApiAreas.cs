using System;
using LimaCharlie.Client.Logging;

namespace LimaCharlie.Client.Api
{
    /// <summary>The base of an API area of one organization: what every call of the area needs, given once.</summary>
    public abstract class OrganizationArea
    {
        private readonly LcOrganizationClient _owner;

        private protected OrganizationArea(LcOrganizationClient owner) => _owner = owner;

        protected LcConnection Connection => _owner.Connection;
        protected Guid OrganizationId => _owner.OrganizationId;
        protected ILcLog Log => _owner.Log;

        /// <summary>The organization client, for a call into another area of the same organization.</summary>
        protected LcOrganizationClient Organization => _owner;
    }

    /// <summary>The base of an API area above organizations (groups, organizations, identity).</summary>
    public abstract class AccountArea
    {
        private readonly LcAccountClient _owner;

        private protected AccountArea(LcAccountClient owner) => _owner = owner;

        protected LcConnection Connection => _owner.Connection;
        protected ILcLog Log => _owner.Log;
        protected LcAccountClient Account => _owner;
    }
}
