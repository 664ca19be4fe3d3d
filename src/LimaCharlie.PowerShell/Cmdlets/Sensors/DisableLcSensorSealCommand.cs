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
    /// <summary>Unseals sensors (<c>DELETE /v1/{sid}/seal</c>).</summary>
    [Cmdlet(VerbsLifecycle.Disable, "LcSensorSeal", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(SensorReference))]
    public sealed class DisableLcSensorSealCommand : LcBulkSensorCmdlet
    {
        /// <summary>Writes a reference to each sensor changed.</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override string Action => "Unseal";

        protected override Func<ILcLog, CancellationToken, Task<object?>> Change(LcConnection connection, SensorReference sensor) =>
            SensorChanges.WithReceipt(PassThru, sensor, (log, ct) => connection.Organization(sensor.OrganizationId, log).Sensors.SetSealAsync(sensor.SensorId, false, ct));
    }
}
