using System;
using System.Management.Automation;
using LimaCharlie.PowerShell.Completers;
using LimaCharlie.PowerShell.Infrastructure;

namespace LimaCharlie.PowerShell.Cmdlets.Users
{
    /// <summary>Grants users permissions in an organization, one call per permission (<c>POST /v1/orgs/{oid}/users/permissions</c>).</summary>
    [Cmdlet(VerbsSecurity.Grant, "LcPermission", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(void))]
    public sealed class GrantLcPermissionCommand : LcOrganizationCmdlet
    {
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

        private string[]? _permissions;

        protected override void OnProcess() =>
            PermissionChanges.Apply(this, Email, _permissions ??= PermissionCheck.Normalize(this, Permission), grant: true);
    }
}
