using System.Management.Automation;
using LimaCharlie.PowerShell.Infrastructure;

namespace LimaCharlie.PowerShell.Cmdlets.Users
{
    /// <summary>Grants users permissions in an organization, one call per permission (<c>POST /v1/orgs/{oid}/users/permissions</c>).</summary>
    [Cmdlet(VerbsSecurity.Grant, "LcPermission", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(void))]
    public sealed class GrantLcPermissionCommand : LcPermissionChangeCmdlet
    {
        protected override bool Granting => true;
    }
}
