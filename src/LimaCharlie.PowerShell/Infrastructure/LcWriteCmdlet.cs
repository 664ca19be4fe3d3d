using System;
using System.Management.Automation;
using LimaCharlie.PowerShell.Completers;

namespace LimaCharlie.PowerShell.Infrastructure
{
    /// <summary>
    /// The base of cmdlets that write into one organization. Unlike the readers' -OrganizationId, theirs does not bind
    /// from the pipeline, so objects piped from another organization's session (Get-LcDrRule -Session $a |
    /// Set-LcDrRule -Session $b) land in the target organization.
    /// </summary>
    public abstract class LcWriteCmdlet : LcSessionCmdlet
    {
        [Parameter]
        [Alias("oid")]
        [ArgumentCompleter(typeof(OrganizationIdCompleter))]
        public Guid OrganizationId { get; set; }

        /// <summary>The organization asked for, or null for the session's own.</summary>
        protected Guid? Organization => OrganizationId == Guid.Empty ? null : OrganizationId;

        /// <summary>A ShouldProcess target naming the organization written to: <c>dr-general/x in organization 'prod' (oid)</c>.</summary>
        protected string InTargetOrganization(string what) => TargetOrganization.Describe(CurrentSession, Connection, Organization, what);
    }
}
