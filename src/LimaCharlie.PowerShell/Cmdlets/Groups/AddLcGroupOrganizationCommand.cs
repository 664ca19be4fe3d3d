using System.Management.Automation;
using LimaCharlie.PowerShell.Infrastructure;

namespace LimaCharlie.PowerShell.Cmdlets.Groups
{
    /// <summary>Adds organizations to a group: its members get the group's permissions there.</summary>
    [Cmdlet(VerbsCommon.Add, "LcGroupOrganization", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(Group))]
    public sealed class AddLcGroupOrganizationCommand : LcGroupOrganizationCmdlet
    {
        protected override bool Adding => true;
    }
}
