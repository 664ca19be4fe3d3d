using System;
using System.Management.Automation;
using LimaCharlie.Client.Api;
using LimaCharlie.Client.Streams;
using LimaCharlie.PowerShell.Completers;
using LimaCharlie.PowerShell.Infrastructure;

namespace LimaCharlie.PowerShell.Cmdlets.Streams
{
    /// <summary>Writes the organization's events as they happen, from its live stream (the stream host's <c>POST /{oid}</c>, type event).</summary>
    [Cmdlet(VerbsCommon.Watch, "LcEvent")]
    [OutputType(typeof(Event))]
    public sealed class WatchLcEventCommand : LcWatchCmdlet
    {
        /// <summary>Only events of this sensor (filtered by the service).</summary>
        [Parameter(Position = 0)]
        [Alias("sid")]
        [ArgumentCompleter(typeof(SensorCompleter))]
        public Guid SensorId { get; set; }

        /// <summary>Only events of sensors with this tag (filtered by the service).</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        [ValidateTag]
        [ArgumentCompleter(typeof(TagCompleter))]
        public string? Tag { get; set; }

        /// <summary>Only events of this investigation (filtered by the service): the answers of tasks sent with that id.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        [ValidatePlainText]
        public string? InvestigationId { get; set; }

        /// <summary>Only events of these types (wildcards allowed), checked as they arrive.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        [ValidatePlainText]
        [ArgumentCompleter(typeof(EventTypeCompleter))]
        public string[]? EventType { get; set; }

        /// <summary>Only events of these hosts (wildcards allowed), checked as they arrive.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        [ValidatePlainText]
        public string[]? Hostname { get; set; }

        protected override void OnProcess()
        {
            var connection = Connection;
            var oid = Organization;
            var filter = new LiveStreamFilter { SensorId = SensorId == Guid.Empty ? null : SensorId, Tag = Tag, InvestigationId = InvestigationId };
            var type = AnyOf(EventType);
            var host = AnyOf(Hostname);
            Watch((log, ct) => connection.Organization(oid, log).LiveStream.WatchAsync<Event>(LiveStreamKind.Event, filter, null, ct),
                e => type(e.EventType) && host(e.Hostname));
        }
    }
}
