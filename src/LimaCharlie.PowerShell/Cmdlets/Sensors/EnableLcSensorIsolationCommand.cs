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
    /// <summary>Cuts sensors off the network except for their connection to LimaCharlie (<c>POST /v1/{sid}/isolation</c>).</summary>
    [Cmdlet(VerbsLifecycle.Enable, "LcSensorIsolation", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(SensorReference))]
    public sealed class EnableLcSensorIsolationCommand : LcBulkSensorCmdlet
    {
        /// <summary>Isolates more than a handful of sensors without asking first.</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        /// <summary>Writes a reference to each sensor changed.</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override string Action => "Isolate from the network";

        protected override bool Forced => Force;

        protected override string ManySensorsQuestion(int count) => $"Isolate {count} sensors from the network";

        protected override Func<ILcLog, CancellationToken, Task<object?>> Change(LcConnection connection, SensorReference sensor) =>
            SensorChanges.WithReceipt(PassThru, sensor, (log, ct) => connection.Organization(sensor.OrganizationId, log).Sensors.SetIsolationAsync(sensor.SensorId, true, ct));
    }
}
