using System;
using System.Management.Automation;
using LimaCharlie.Client.Api;
using LimaCharlie.PowerShell.Infrastructure;

namespace LimaCharlie.PowerShell.Cmdlets.Users
{
    /// <summary>Adds users to an organization with a role, inviting emails without an account (<c>POST /v1/orgs/{oid}/users</c>).</summary>
    [Cmdlet(VerbsCommon.Add, "LcUser", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(void))]
    public sealed class AddLcUserCommand : LcOrganizationCmdlet
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        [ValidatePlainText]
        public string[] Email { get; set; } = Array.Empty<string>();

        [Parameter(Mandatory = true, Position = 1, ValueFromPipelineByPropertyName = true)]
        public OrgRole Role { get; set; }

        protected override void OnProcess()
        {
            var connection = Connection;
            var oid = connection.ResolveOrganization(Organization);
            foreach (var email in Email)
            {
                if (!ShouldProcess(InTargetOrganization(email), $"Add as {Role}")) continue;
                ForEachItem(email, () => InOrganization(oid, (org, ct) => org.Users.AddAsync(email, Role, ct)));
            }
        }
    }
}
