using System;
using System.Management.Automation;
using LimaCharlie.Client.Api;
using LimaCharlie.PowerShell.Completers;
using LimaCharlie.PowerShell.Infrastructure;

namespace LimaCharlie.PowerShell.Cmdlets.Users
{
    /// <summary>Revokes users' permissions in an organization, one call per permission (<c>DELETE /v1/orgs/{oid}/users/permissions</c>).</summary>
    [Cmdlet(VerbsSecurity.Revoke, "LcPermission", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(void))]
    public sealed class RevokeLcPermissionCommand : LcOrganizationCmdlet
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        public string[] Email { get; set; } = Array.Empty<string>();

        [Parameter(Mandatory = true, Position = 1)]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(PermissionCompleter))]
        public string[] Permission { get; set; } = Array.Empty<string>();

        private string[]? _permissions;

        protected override void OnProcess()
        {
            var connection = Connection;
            var oid = connection.ResolveOrganization(Organization);
            var permissions = _permissions ??= PermissionCheck.Normalize(this, Permission);
            foreach (var email in Email)
                foreach (var permission in permissions)
                {
                    if (!ShouldProcess($"{email} in organization {oid}", $"Revoke {permission}")) continue;
                    ForEachItem($"{email}: {permission}", () =>
                        Await((log, ct) => UserApi.SetPermissionAsync(connection, oid, email, permission, false, log, ct)));
                }
        }
    }
}
