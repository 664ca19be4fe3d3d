using System;
using System.Linq;
using System.Management.Automation;
using LimaCharlie.Client.Api;
using LimaCharlie.PowerShell.Completers;
using LimaCharlie.PowerShell.Infrastructure;

namespace LimaCharlie.PowerShell.Cmdlets.Insight
{
    /// <summary>
    /// Streams the historical events of sensors (<c>GET /v1/insight/{oid}/{sid}</c>) in a time window, page by page as
    /// they arrive (cursor paging, compressed pages), newest first unless -Forward.
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "LcEvent", DefaultParameterSetName = RangeSet)]
    [OutputType(typeof(Event))]
    public sealed class GetLcEventCommand : LcTimeRangeCmdlet
    {
        private const string RangeSet = "Range";
        private const string AtomSet = "Atom";

        /// <summary>Events by atom (<c>routing/this</c>) instead of a time window: the event itself, or with -Children its children.</summary>
        [Parameter(Mandatory = true, ParameterSetName = AtomSet, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        [ValidatePlainText]
        public string[] Atom { get; set; } = Array.Empty<string>();

        /// <summary>With -Atom: the events whose parent is that atom (e.g. what a process started).</summary>
        [Parameter(ParameterSetName = AtomSet)]
        public SwitchParameter Children { get; set; }

        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("sid")]
        [ArgumentCompleter(typeof(SensorCompleter))]
        [GuidList]
        public Guid[] SensorId { get; set; } = Array.Empty<Guid>();

        /// <summary>Only events of this type, e.g. NEW_PROCESS or DNS_REQUEST.</summary>
        [Parameter(ParameterSetName = RangeSet)]
        [ValidateNotNullOrEmpty]
        [ValidatePlainText]
        [ArgumentCompleter(typeof(EventTypeCompleter))]
        public string? EventType { get; set; }

        /// <summary>Oldest first (the API's is_forward).</summary>
        [Parameter(ParameterSetName = RangeSet)]
        public SwitchParameter Forward { get; set; }

        protected override TimeSpan DefaultWindow => TimeSpan.FromHours(1);

        protected override void OnProcess()
        {
            var oid = Organization;
            if (ParameterSetName == AtomSet)
            {
                foreach (var sid in SensorId)
                    foreach (var atom in Atom)
                        ForEachItem(atom, () => WriteObject(InOrganization(oid, (org, ct) => org.Insight.AtomAsync(sid, atom, Children, ct)), enumerateCollection: true));
                return;
            }
            var window = Window();
            foreach (var sid in SensorId)
                ForEachItem(sid, () => StreamInOrganization(oid, (org, ct) => org.Insight.EventsAsync(sid, window, EventType, Forward, ct), e =>
                {
                    _written++;
                    WriteObject(e);
                }));
        }

        private long _written;

        /// <summary>When an -EventType matched nothing, says so if the organization's schema does not know that type.</summary>
        protected override void OnEnd()
        {
            if (ParameterSetName != RangeSet || EventType is null || _written > 0) return;
            var oid = Organization;
            EventSchema[] known;
            try
            {
                known = InOrganization(oid, (org, ct) => org.Admin.EventTypesAsync(null, ct));
            }
            catch (LcApiException e)
            {
                Verbose($"The event types could not be read to check -EventType: {e.Message}");
                return;
            }
            if (known.Any(t => t.Name == EventType)) return;
            var byFullName = known.FirstOrDefault(t => t.EventType == EventType);
            var suggestions = byFullName is not null ? new[] { byFullName.Name } : NameSuggestions.Closest(EventType, known.Select(t => t.Name));
            Warn($"No events: '{EventType}' is not an event type of the organization's schema" +
                         (suggestions.Length > 0 ? $"; did you mean {string.Join(" or ", suggestions)}?" : ".") +
                         " Get-LcEventSchema lists the types; Tab after -EventType completes them.");
        }
    }
}
