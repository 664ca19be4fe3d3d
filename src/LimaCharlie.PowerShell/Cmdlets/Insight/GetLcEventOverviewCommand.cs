using System;
using System.Management.Automation;
using LimaCharlie.Client.Api;
using LimaCharlie.PowerShell.Completers;
using LimaCharlie.PowerShell.Infrastructure;

namespace LimaCharlie.PowerShell.Cmdlets.Insight
{
    /// <summary>
    /// The timeline of sensors (<c>GET /v1/insight/{oid}/{sid}/overview</c>): the moments of a window that hold events,
    /// oldest first, to find where to look before pulling the events themselves.
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "LcEventOverview")]
    [OutputType(typeof(SensorActivity))]
    public sealed class GetLcEventOverviewCommand : LcTimeWindowCmdlet
    {
        private static readonly TimeSpan MaxWindow = TimeSpan.FromDays(30);

        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("sid")]
        [ArgumentCompleter(typeof(SensorCompleter))]
        [GuidList]
        public Guid[] SensorId { get; set; } = Array.Empty<Guid>();

        protected override TimeSpan DefaultWindow => TimeSpan.FromDays(1);

        protected override void OnProcess()
        {
            var (start, end) = TimeWindow();
            if (end - start > MaxWindow)
                throw new ArgumentException($"The window is {(end - start).TotalDays:0.#} days; the API gives the overview of at most 30 days at a time.");
            var oid = Organization;
            foreach (var sid in SensorId)
                ForEachItem(sid, () => WriteObject(InOrganization(oid, (org, ct) => org.Insight.OverviewAsync(sid, start, end, ct)), enumerateCollection: true));
        }
    }
}
