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
    /// <summary>Lets isolated sensors rejoin the network (<c>DELETE /v1/{sid}/isolation</c>).</summary>
    [Cmdlet(VerbsLifecycle.Disable, "LcSensorIsolation", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(SensorReference))]
    public sealed class DisableLcSensorIsolationCommand : LcBulkSensorCmdlet
    {
        /// <summary>Writes a reference to each sensor changed.</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override string Action => "Rejoin the network";

        protected override Func<ILcLog, CancellationToken, Task<object?>> Change(LcConnection connection, SensorReference sensor) =>
            SensorChanges.WithReceipt(PassThru, sensor, (log, ct) => connection.Organization(sensor.OrganizationId, log).Sensors.SetIsolationAsync(sensor.SensorId, false, ct));
    }
}
