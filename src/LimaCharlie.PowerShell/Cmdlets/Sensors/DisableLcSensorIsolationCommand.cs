using System.Management.Automation;
using LimaCharlie.PowerShell.Infrastructure;

namespace LimaCharlie.PowerShell.Cmdlets.Sensors
{
    /// <summary>Lets isolated sensors rejoin the network (<c>DELETE /v1/{sid}/isolation</c>).</summary>
    [Cmdlet(VerbsLifecycle.Disable, "LcSensorIsolation", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(SensorReference))]
    public sealed class DisableLcSensorIsolationCommand : LcSensorSwitchCmdlet
    {
        protected override SensorSwitch Switch => SensorSwitch.Isolation;
        protected override bool TurnOn => false;
    }
}
