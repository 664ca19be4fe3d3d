using System;
using System.Management.Automation;
using LimaCharlie.Client.Api;
using LimaCharlie.PowerShell.Completers;
using LimaCharlie.PowerShell.Infrastructure;

namespace LimaCharlie.PowerShell.Cmdlets.Insight
{
    /// <summary>Streams the organization's detections in a time window (<c>GET /v1/insight/{oid}/detections</c>), or gets detections by id.</summary>
    [Cmdlet(VerbsCommon.Get, "LcDetection", DefaultParameterSetName = RangeSet)]
    [OutputType(typeof(Detection))]
    public sealed class GetLcDetectionCommand : LcTimeRangeCmdlet
    {
        private const string RangeSet = "Range";
        private const string ByIdSet = "ById";

        [Parameter(Mandatory = true, Position = 0, ParameterSetName = ByIdSet, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        [ValidatePlainText]
        public string[] DetectionId { get; set; } = Array.Empty<string>();

        /// <summary>Only detections of this category (the report name, <c>cat</c>).</summary>
        [Parameter(ParameterSetName = RangeSet)]
        [ValidateNotNullOrEmpty]
        [ValidatePlainText]
        public string? Category { get; set; }

        /// <summary>Only detections of this sensor.</summary>
        [Parameter(ParameterSetName = RangeSet)]
        [Alias("sid")]
        [ArgumentCompleter(typeof(SensorCompleter))]
        public Guid SensorId { get; set; }

        protected override TimeSpan DefaultWindow => TimeSpan.FromDays(1);

        protected override void OnProcess()
        {
            var oid = Organization;
            if (ParameterSetName == ByIdSet)
            {
                foreach (var id in DetectionId)
                    ForEachItem(id, () => WriteObject(InOrganization(oid, (org, ct) => org.Insight.DetectionAsync(id, ct))));
                return;
            }
            var window = Window();
            Guid? sid = SensorId == Guid.Empty ? null : SensorId;
            StreamInOrganization(oid, (org, ct) => org.Insight.DetectionsAsync(window, Category, sid, ct), d => WriteObject(d));
        }
    }
}
