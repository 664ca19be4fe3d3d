using System;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using LimaCharlie.Client;
using LimaCharlie.Client.Logging;
using LimaCharlie.PowerShell.Completers;

namespace LimaCharlie.PowerShell.Infrastructure
{
    /// <summary>
    /// The base of cmdlets that change many sensors: sensors from the pipeline (by value or by property name
    /// <c>SensorId</c>/<c>sid</c>), ShouldProcess per sensor, and calls run with bounded concurrency
    /// (<c>-ThrottleLimit</c>), progress, and per-sensor non-terminating errors.
    /// </summary>
    public abstract class LcBulkSensorCmdlet : LcOrganizationCmdlet
    {
        public const int DefaultThrottleLimit = 16;

        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("sid")]
        [ArgumentCompleter(typeof(SensorCompleter))]
        [GuidList]
        public Guid[] SensorId { get; set; } = Array.Empty<Guid>();

        /// <summary>How many calls run at once.</summary>
        [Parameter]
        [ValidateRange(1, 64)]
        public int ThrottleLimit { get; set; } = DefaultThrottleLimit;

        private BulkRunner? _runner;

        /// <summary>What is done to each sensor, for -WhatIf, -Confirm and progress ("Add tag 'vip'").</summary>
        protected abstract string Action { get; }

        protected abstract Task<object?> ApplyAsync(LcConnection connection, Guid? organizationId, Guid sensorId, ILcLog log, CancellationToken ct);

        /// <summary>Whether to act on one sensor: ShouldProcess by default.</summary>
        protected virtual bool Confirm(Guid sensorId) => ShouldProcess(sensorId.ToString(), Action);

        protected override void OnProcess()
        {
            var connection = Connection;
            _runner ??= new BulkRunner(this, NewLog(), ThrottleLimit, Action,
                MyInvocation.ExpectingInput ? null : SensorId.Length, CancelToken);
            // Resolved here, on the pipeline thread: a missing organization stops the command once, not per sensor.
            Guid? oid = connection.ResolveOrganization(Organization);
            foreach (var sid in SensorId)
            {
                if (!Confirm(sid)) continue;
                _runner.Start(sid, (log, ct) => ApplyAsync(connection, oid, sid, log, ct));
            }
        }

        protected override void OnEnd() => _runner?.Finish();
    }
}
