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
        /// <summary>Skips the confirmation prompts (not -WhatIf).</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        protected override string Action => "Delete the sensor (it can no longer connect)";

        protected override bool Forced => Force;

        protected override string ManySensorsQuestion(int count) => $"Delete {count} sensors (they can no longer connect)";

        protected override bool Confirm(string target, string action) => ShouldProcessOrForce(Force, target, action);

        protected override Func<ILcLog, CancellationToken, Task<object?>> Change(LcConnection connection, SensorReference sensor) =>
            async (log, ct) =>
            {
                await connection.Organization(sensor.OrganizationId, log).Sensors.DeleteAsync(sensor.SensorId, ct).ConfigureAwait(false);
                return null;
            };
    }
}
