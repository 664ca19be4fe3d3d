using System.Management.Automation;
using LimaCharlie.PowerShell.Infrastructure;

namespace LimaCharlie.PowerShell.Cmdlets.Sensors
{
    /// <summary>Cuts sensors off the network except for their connection to LimaCharlie (<c>POST /v1/{sid}/isolation</c>).</summary>
    [Cmdlet(VerbsLifecycle.Enable, "LcSensorIsolation", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(SensorReference))]
    public sealed class EnableLcSensorIsolationCommand : LcSensorSwitchCmdlet
    {
        protected override SensorSwitch Switch => SensorSwitch.Isolation;
        protected override bool TurnOn => true;
    }
}
