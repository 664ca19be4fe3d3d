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
    /// <summary>
    /// Hands a task to the reliable-tasking service (<c>POST /v1/service/{oid}/reliable-tasking</c>, action <c>task</c>),
    /// which sends it to each sensor when it is next online, until its time to live runs out.
    /// </summary>
    [Cmdlet(VerbsCommunications.Send, "LcReliableTask", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(ReliableTask))]
    public sealed class SendLcReliableTaskCommand : LcBulkSensorCmdlet
    {
        /// <summary>The command line, e.g. <c>os_version</c>.</summary>
        [Parameter(Mandatory = true, Position = 1)]
        [ValidateNotNullOrEmpty]
        [ValidatePlainText]
        [Alias("Task")]
        [ArgumentCompleter(typeof(SensorCommandCompleter))]
        public string Command { get; set; } = string.Empty;

        /// <summary>Copied into <c>routing/investigation_id</c> of the sensor's answer.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        [ValidatePlainText]
        public string? InvestigationId { get; set; }

        /// <summary>How long the service keeps the task for a sensor that stays offline (the service's default: one week).</summary>
        [Parameter]
        public TimeSpan TimeToLive { get; set; }

        protected override string Action => $"Send reliable task '{Command}'";

        protected override void OnBegin()
        {
            if (MyInvocation.BoundParameters.ContainsKey(nameof(TimeToLive)) && TimeToLive < TimeSpan.FromSeconds(1))
                throw new ArgumentException("-TimeToLive must be at least a second, e.g. (New-TimeSpan -Days 2).");
        }

        protected override Func<ILcLog, CancellationToken, Task<object?>> Change(LcConnection connection, SensorReference sensor)
        {
            var (command, investigationId) = (Command, InvestigationId);
            TimeSpan? ttl = MyInvocation.BoundParameters.ContainsKey(nameof(TimeToLive)) ? TimeToLive : null;
            return async (log, ct) => await connection.Organization(sensor.OrganizationId, log).ReliableTasks.SendAsync(sensor.SensorId, command, investigationId, ttl, ct)
                .ConfigureAwait(false);
        }
    }
}
