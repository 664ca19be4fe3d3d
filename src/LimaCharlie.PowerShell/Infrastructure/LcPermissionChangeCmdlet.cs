using System;
using System.Management.Automation;
using LimaCharlie.Client.Api;
using LimaCharlie.PowerShell.Completers;

namespace LimaCharlie.PowerShell.Infrastructure
{
    /// <summary>
    /// Grants users permissions in an organization or revokes them, one call per user and permission
    /// (<c>POST</c> or <c>DELETE /v1/orgs/{oid}/users/permissions</c>).
    /// </summary>
    public abstract class LcPermissionChangeCmdlet : LcOrganizationCmdlet
    {
        private string[]? _permissions;

        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(UserEmailCompleter))]
        [ValidatePlainText]
        public string[] Email { get; set; } = Array.Empty<string>();

        [Parameter(Mandatory = true, Position = 1)]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(PermissionCompleter))]
        [ValidatePlainText]
        public string[] Permission { get; set; } = Array.Empty<string>();

        /// <summary>True to grant, false to revoke.</summary>
        protected abstract bool Granting { get; }

        protected override void OnProcess()
        {
            var connection = Connection;
            var oid = connection.ResolveOrganization(Organization);
            var permissions = _permissions ??= PermissionCheck.Normalize(this, Permission);
            var granting = Granting;
            foreach (var email in Email)
                foreach (var permission in permissions)
                {
                    if (!ShouldProcess($"{email} in organization {oid}", $"{(granting ? "Grant" : "Revoke")} {permission}")) continue;
                    ForEachItem($"{email}: {permission}", () =>
                        Await((log, ct) => UserApi.SetPermissionAsync(connection, oid, email, permission, granting, log, ct)));
                }
        }
    }
}
