using System.Management.Automation;
using LimaCharlie.PowerShell.Infrastructure;

namespace LimaCharlie.PowerShell.Cmdlets.Users
{
    /// <summary>Revokes users' permissions in an organization, one call per permission (<c>DELETE /v1/orgs/{oid}/users/permissions</c>).</summary>
    [Cmdlet(VerbsSecurity.Revoke, "LcPermission", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(void))]
    public sealed class RevokeLcPermissionCommand : LcPermissionChangeCmdlet
    {
        protected override bool Granting => false;
    }
}
