using System.Management.Automation;
using LimaCharlie.PowerShell.Infrastructure;

namespace LimaCharlie.PowerShell.Cmdlets.Sensors
{
    /// <summary>Unseals sensors (<c>DELETE /v1/{sid}/seal</c>).</summary>
    [Cmdlet(VerbsLifecycle.Disable, "LcSensorSeal", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(SensorReference))]
    public sealed class DisableLcSensorSealCommand : LcSensorSwitchCmdlet
    {
        protected override SensorSwitch Switch => SensorSwitch.Seal;
        protected override bool TurnOn => false;
    }
}
