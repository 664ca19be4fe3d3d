using System;
using System.Management.Automation;
using LimaCharlie.Client.Api;
using LimaCharlie.PowerShell.Infrastructure;

namespace LimaCharlie.PowerShell.Cmdlets.Organizations
{
    /// <summary>Dismisses the errors of organization components (<c>DELETE /v1/errors/{oid}/{component}</c>).</summary>
    [Cmdlet(VerbsCommon.Clear, "LcOrgError", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(void))]
    public sealed class ClearLcOrgErrorCommand : LcOrganizationCmdlet
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        [ValidatePlainText]
        public string[] Component { get; set; } = Array.Empty<string>();

        protected override void OnProcess()
        {
            var connection = Connection;
            var oid = connection.ResolveOrganization(Organization);
            foreach (var component in Component)
            {
                if (!ShouldProcess(InTargetOrganization($"errors of '{component}'"), "Dismiss")) continue;
                ForEachItem(component, () => InOrganization(oid, (org, ct) => org.Admin.DismissErrorAsync(component, ct)));
            }
        }
    }
}
