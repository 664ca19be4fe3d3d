using System;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using LimaCharlie.Client;
using LimaCharlie.Client.Api;
using LimaCharlie.Client.Logging;
using LimaCharlie.PowerShell.Completers;
using LimaCharlie.PowerShell.Infrastructure;

namespace LimaCharlie.PowerShell.Cmdlets.Sensors
{
    /// <summary>Sends task command lines to sensors (<c>POST /v1/{sid}</c>); the answers arrive in their event streams.</summary>
    [Cmdlet(VerbsLifecycle.Invoke, "LcSensorTask", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(SensorTask))]
    public sealed class InvokeLcSensorTaskCommand : LcBulkSensorCmdlet
    {
        /// <summary>One or more command lines, e.g. <c>os_version</c>, <c>history_dump</c>.</summary>
        [Parameter(Mandatory = true, Position = 1)]
        [ValidateNotNullOrEmpty]
        [ValidatePlainText]
        [Alias("Task")]
        [ArgumentCompleter(typeof(SensorCommandCompleter))]
        public string[] Command { get; set; } = Array.Empty<string>();

        /// <summary>Tags the answers (<c>routing/investigation_id</c>) so they can be found among the sensor's events.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        [ValidatePlainText]
        public string? InvestigationId { get; set; }

        /// <summary>The API ignores a repeat of the same key for a sensor, so the task runs once even when retried.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        [ValidatePlainText]
        public string? IdempotencyKey { get; set; }

        protected override string Action => $"Run task {string.Join("; ", Command)}";

        protected override Func<ILcLog, CancellationToken, Task<object?>> Change(LcConnection connection, SensorReference sensor)
        {
            var (command, investigationId, idempotencyKey) = (Command, InvestigationId, IdempotencyKey);
            return async (log, ct) => await connection.Organization(sensor.OrganizationId, log).Sensors.TaskAsync(sensor.SensorId, command, investigationId, idempotencyKey, ct)
                .ConfigureAwait(false);
        }
    }
}
