using System;
using System.Collections.Generic;

namespace LimaCharlie
{
    /// <summary>
    /// A task held by the reliable-tasking service until its sensor is online (or its time to live runs out): sent
    /// with Send-LcReliableTask, listed with Get-LcReliableTask, cancelled with Remove-LcReliableTask.
    /// </summary>
    public sealed class ReliableTask
    {
        /// <summary>The service's id of the task (<c>task_id</c>), what a cancel names; empty until the service lists it.</summary>
        public string? TaskId { get; set; }
        public Guid SensorId { get; set; }
        public Guid OrganizationId { get; set; }
        /// <summary>The command line the sensor runs, e.g. <c>os_version</c>.</summary>
        public string Command { get; set; } = string.Empty;
        /// <summary>Copied into <c>routing/investigation_id</c> of the sensor's answer (<c>inv_id</c>).</summary>
        public string? InvestigationId { get; set; }
        /// <summary>How long the service keeps trying (<c>ttl</c>); the service's default is one week.</summary>
        public TimeSpan? TimeToLive { get; set; }
        public DateTimeOffset? CreatedAt { get; set; }
        public DateTimeOffset? ExpiresAt { get; set; }
        /// <summary>The fields of the service's record this type does not name.</summary>
        public IDictionary<string, object?> AdditionalProperties { get; set; } = new JsonDictionary();

        public override string ToString() => $"{SensorId}: {Command}";
    }
}
