using System.Management.Automation;
using LimaCharlie.PowerShell.Infrastructure;

namespace LimaCharlie.PowerShell.Cmdlets.Sensors
{
    /// <summary>Seals sensors so they cannot be uninstalled locally (<c>POST /v1/{sid}/seal</c>).</summary>
    [Cmdlet(VerbsLifecycle.Enable, "LcSensorSeal", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(SensorReference))]
    public sealed class EnableLcSensorSealCommand : LcSensorSwitchCmdlet
    {
        /// <summary>Seals more than a handful of sensors without asking first.</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        protected override SensorSwitch Switch => SensorSwitch.Seal;
        protected override bool TurnOn => true;
        protected override bool Forced => Force;
        protected override string ManySensorsQuestion(int count) => $"Seal {count} sensors against uninstallation";
    }
}
