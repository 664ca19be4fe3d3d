using System;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using LimaCharlie.Client;
using LimaCharlie.Client.Api;
using LimaCharlie.Client.Logging;
using LimaCharlie.PowerShell.Infrastructure;

namespace LimaCharlie.PowerShell.Cmdlets.Sensors
{
    /// <summary>Seals sensors so they cannot be uninstalled locally (<c>POST /v1/{sid}/seal</c>).</summary>
    [Cmdlet(VerbsLifecycle.Enable, "LcSensorSeal", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(SensorReference))]
    public sealed class EnableLcSensorSealCommand : LcBulkSensorCmdlet
    {
        /// <summary>Seals more than a handful of sensors without asking first.</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        /// <summary>Writes a reference to each sensor changed.</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override string Action => "Seal against uninstallation";

        protected override bool Forced => Force;

        protected override string ManySensorsQuestion(int count) => $"Seal {count} sensors against uninstallation";

        protected override Func<ILcLog, CancellationToken, Task<object?>> Change(LcConnection connection, SensorReference sensor) =>
            SensorChanges.WithReceipt(PassThru, sensor, (log, ct) => connection.Organization(sensor.OrganizationId, log).Sensors.SetSealAsync(sensor.SensorId, true, ct));
    }
}
