using System.Management.Automation;
using LimaCharlie.PowerShell.Infrastructure;

namespace LimaCharlie.PowerShell.Cmdlets.Sensors
{
    /// <summary>Cuts sensors off the network except for their connection to LimaCharlie (<c>POST /v1/{sid}/isolation</c>).</summary>
    [Cmdlet(VerbsLifecycle.Enable, "LcSensorIsolation", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(SensorReference))]
    public sealed class EnableLcSensorIsolationCommand : LcSensorSwitchCmdlet
    {
        /// <summary>Isolates more than a handful of sensors without asking first.</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        protected override SensorSwitch Switch => SensorSwitch.Isolation;
        protected override bool TurnOn => true;
        protected override bool Forced => Force;
        protected override string ManySensorsQuestion(int count) => $"Isolate {count} sensors from the network";
    }
}
