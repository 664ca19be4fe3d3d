using System;
using System.Management.Automation;
using LimaCharlie.Client.Api;
using LimaCharlie.Client.Streams;
using LimaCharlie.PowerShell.Completers;
using LimaCharlie.PowerShell.Infrastructure;

namespace LimaCharlie.PowerShell.Cmdlets.Streams
{
    /// <summary>Writes the organization's detections as they happen, from its live stream (the stream host's <c>POST /{oid}</c>, type detect).</summary>
    [Cmdlet(VerbsCommon.Watch, "LcDetection")]
    [OutputType(typeof(Detection))]
    public sealed class WatchLcDetectionCommand : LcWatchCmdlet
    {
        /// <summary>Only detections of this category, the name of the rule's report (filtered by the service).</summary>
        [Parameter(Position = 0)]
        [ValidateNotNullOrEmpty]
        [ValidatePlainText]
        public string? Category { get; set; }

        /// <summary>Only detections on this sensor (filtered by the service).</summary>
        [Parameter]
        [Alias("sid")]
        [ArgumentCompleter(typeof(SensorCompleter))]
        public Guid SensorId { get; set; }

        /// <summary>Only detections on sensors with this tag (filtered by the service).</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        [ValidateTag]
        [ArgumentCompleter(typeof(TagCompleter))]
        public string? Tag { get; set; }

        /// <summary>Only detections of this investigation (filtered by the service).</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        [ValidatePlainText]
        public string? InvestigationId { get; set; }

        /// <summary>Only detections on these hosts (wildcards allowed), checked as they arrive.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        [ValidatePlainText]
        public string[]? Hostname { get; set; }

        protected override void OnProcess()
        {
            var connection = Connection;
            var oid = Organization;
            var filter = new LiveStreamFilter
            {
                SensorId = SensorId == Guid.Empty ? null : SensorId, Tag = Tag, Category = Category, InvestigationId = InvestigationId,
            };
            var host = AnyOf(Hostname);
            Watch((log, ct) => connection.Organization(oid, log).LiveStream.WatchAsync<Detection>(LiveStreamKind.Detect, filter, null, ct), d => host(d.Hostname));
        }
    }
}
