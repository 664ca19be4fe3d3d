using System.Management.Automation;
using LimaCharlie.PowerShell.Infrastructure;

namespace LimaCharlie.PowerShell.Cmdlets.Groups
{
    /// <summary>Removes organizations from a group: its members lose the group's permissions there.</summary>
    [Cmdlet(VerbsCommon.Remove, "LcGroupOrganization", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(Group))]
    public sealed class RemoveLcGroupOrganizationCommand : LcGroupOrganizationCmdlet
    {
        protected override bool Adding => false;
    }
}
