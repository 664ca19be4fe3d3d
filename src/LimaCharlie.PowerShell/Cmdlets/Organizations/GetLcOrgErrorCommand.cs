using System.Management.Automation;
using LimaCharlie.Client.Api;
using LimaCharlie.PowerShell.Infrastructure;

namespace LimaCharlie.PowerShell.Cmdlets.Organizations
{
    /// <summary>Gets the errors the components of an organization reported (<c>GET /v1/errors/{oid}</c>).</summary>
    [Cmdlet(VerbsCommon.Get, "LcOrgError")]
    [OutputType(typeof(OrgError))]
    public sealed class GetLcOrgErrorCommand : LcOrganizationCmdlet
    {
        /// <summary>Only the errors of components whose name matches (wildcards).</summary>
        [Parameter(Position = 0)]
        [ValidateNotNullOrEmpty]
        [SupportsWildcards]
        [ValidatePlainText]
        public string? Component { get; set; }

        protected override object? ErrorTarget => Organization;

        protected override void OnProcess()
        {
            var oid = Organization;
            var pattern = Component is null ? null : new WildcardPattern(Component, WildcardOptions.IgnoreCase);
            foreach (var error in InOrganization(oid, (org, ct) => org.Admin.ErrorsAsync(ct)))
                if (pattern is null || pattern.IsMatch(error.Component)) WriteObject(error);
        }
    }
}
