using System;
using System.Management.Automation;
using LimaCharlie.PowerShell.Completers;

namespace LimaCharlie.PowerShell.Infrastructure
{
    /// <summary>
    /// The base of cmdlets that act in one organization: -OrganizationId (alias oid, bound by property name from objects
    /// such as sensors), defaulting to the session's organization.
    /// </summary>
    public abstract class LcOrganizationCmdlet : LcSessionCmdlet
    {
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Alias("oid")]
        [ArgumentCompleter(typeof(OrganizationIdCompleter))]
        public Guid OrganizationId { get; set; }

        /// <summary>The organization asked for, or null for the session's own.</summary>
        protected internal Guid? Organization => OrganizationId == Guid.Empty ? null : OrganizationId;

        /// <summary>A ShouldProcess target naming the organization acted on: <c>dr-general/x in organization 'prod' (oid)</c>.</summary>
        protected string InTargetOrganization(string what) => TargetOrganization.Describe(CurrentSession, Connection, Organization, what);

        protected override bool OrganizationVariesByItem =>
            BoundFromPipeline(nameof(OrganizationId)) && Connection.Kind == CredentialKind.User;
    }
}
