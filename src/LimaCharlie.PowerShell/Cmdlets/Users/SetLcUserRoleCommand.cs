using System;
using System.Management.Automation;
using LimaCharlie.Client.Api;
using LimaCharlie.PowerShell.Completers;
using LimaCharlie.PowerShell.Infrastructure;

namespace LimaCharlie.PowerShell.Cmdlets.Users
{
    /// <summary>Gives users a role, replacing all their permissions in the organization (<c>PUT /v1/orgs/{oid}/users/role</c>).</summary>
    [Cmdlet(VerbsCommon.Set, "LcUserRole", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(OrgUser))]
    public sealed class SetLcUserRoleCommand : LcOrganizationCmdlet
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(UserEmailCompleter))]
        [ValidatePlainText]
        public string[] Email { get; set; } = Array.Empty<string>();

        [Parameter(Mandatory = true, Position = 1)]
        public OrgRole Role { get; set; }

        /// <summary>Writes each user with the permissions the role gave.</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override void OnProcess()
        {
            var connection = Connection;
            var oid = connection.ResolveOrganization(Organization);
            foreach (var email in Email)
            {
                if (!ShouldProcess(InTargetOrganization(email), $"Set the role to {Role} (replaces every permission)")) continue;
                ForEachItem(email, () =>
                {
                    var permissions = InOrganization(oid, (org, ct) => org.Users.SetRoleAsync(email, Role, ct));
                    if (PassThru) WriteObject(new OrgUser { OrganizationId = oid, Email = email, Permissions = permissions, DirectAccess = true });
                });
            }
        }
    }
}
