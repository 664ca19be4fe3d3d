using System;
using System.Management.Automation;
using System.Reflection;
using LimaCharlie.PowerShell.Completers;

namespace LimaCharlie.PowerShell.Infrastructure
{
    /// <summary>
    /// The base of cmdlets that act in one organization: -OrganizationId (alias oid, bound by property name from objects
    /// such as sensors), defaulting to the session's organization. A cmdlet that writes into one organization overrides
    /// -OrganizationId without the pipeline binding, so objects piped from another organization's session
    /// (Get-LcDrRule -Session $a | Set-LcDrRule -Session $b) land in the target organization.
    /// </summary>
    public abstract class LcOrganizationCmdlet : LcSessionCmdlet
    {
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Alias("oid")]
        [ArgumentCompleter(typeof(OrganizationIdCompleter))]
        public virtual Guid OrganizationId { get; set; }

        /// <summary>The organization asked for, or null for the session's own.</summary>
        protected internal Guid? Organization => OrganizationId == Guid.Empty ? null : OrganizationId;

        /// <summary>A ShouldProcess target naming the organization acted on: <c>dr-general/x in organization 'prod' (oid)</c>.</summary>
        protected internal string InTargetOrganization(string what) => TargetOrganization.Describe(CurrentSession, Connection, Organization, what);

        protected override bool OrganizationVariesByItem =>
            OrganizationIdFromPipeline && BoundFromPipeline(nameof(OrganizationId)) && Connection.Kind == CredentialKind.User;

        private bool OrganizationIdFromPipeline =>
            GetType().GetProperty(nameof(OrganizationId))!.GetCustomAttribute<ParameterAttribute>(inherit: false)!.ValueFromPipelineByPropertyName;
    }
}
