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
    /// <summary>Deletes sensors (<c>DELETE /v1/{sid}</c>): they can no longer connect. The agent is not uninstalled.</summary>
    [Cmdlet(VerbsCommon.Remove, "LcSensor", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
    [OutputType(typeof(void))]
    public sealed class RemoveLcSensorCommand : LcBulkSensorCmdlet
    {
        /// <summary>Skips the confirmation prompt (not -WhatIf).</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        protected override string Action => "Delete the sensor (it can no longer connect)";

        protected override bool Confirm(Guid sensorId) => ShouldProcessOrForce(Force, sensorId.ToString(), Action);

        protected override async Task<object?> ApplyAsync(LcConnection connection, Guid? organizationId, Guid sensorId, ILcLog log, CancellationToken ct)
        {
            await SensorApi.DeleteAsync(connection, organizationId, sensorId, log, ct).ConfigureAwait(false);
            return null;
        }
    }
}
