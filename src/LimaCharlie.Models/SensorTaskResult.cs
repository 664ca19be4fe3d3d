using System;
using System.Collections.Generic;

namespace LimaCharlie
{
    /// <summary>
    /// A sensor's answer to one task command, as Invoke-LcSensorTask -Wait collected it from the live stream: the
    /// events that carried the task's investigation id (the delivery receipt left out), the <c>*_REP</c> event last.
    /// </summary>
    public sealed class SensorTaskResult
    {
        public Guid SensorId { get; set; }
        public Guid OrganizationId { get; set; }
        public string? Hostname { get; set; }
        public string Command { get; set; } = string.Empty;
        public string InvestigationId { get; set; } = string.Empty;
        /// <summary>The type of the answer event, e.g. <c>OS_VERSION_REP</c>; of the last event received when the answer is incomplete.</summary>
        public string? EventType { get; set; }
        /// <summary>The answer's content: the <c>event</c> of the answer event.</summary>
        public IDictionary<string, object?> Data { get; set; } = new JsonDictionary();
        /// <summary>Every event of the answer, in the order they arrived.</summary>
        public Event[] Events { get; set; } = Array.Empty<Event>();
        /// <summary>False when the time-out came before the answer event: <see cref="Events"/> holds what arrived.</summary>
        public bool Complete { get; set; }
        public DateTimeOffset SentAt { get; set; }
        /// <summary>From the task's sending to its answer (or to the time-out).</summary>
        public TimeSpan Duration { get; set; }

        public override string ToString() => $"{Hostname ?? SensorId.ToString()}: {Command} -> {EventType}";
    }
}
