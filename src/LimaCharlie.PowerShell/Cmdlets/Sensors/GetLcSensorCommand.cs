using System;
using System.Management.Automation;
using LimaCharlie.Client.Api;
using LimaCharlie.PowerShell.Completers;
using LimaCharlie.PowerShell.Infrastructure;

namespace LimaCharlie.PowerShell.Cmdlets.Sensors
{
    /// <summary>
    /// Lists the fleet, streamed page by page as it arrives (<c>GET /v1/sensors/{oid}</c>), or gets sensors in full with
    /// their online state (<c>GET /v1/{sid}</c>).
    /// </summary>
    [Cmdlet(VerbsCommon.Get, "LcSensor", DefaultParameterSetName = ListSet)]
    [OutputType(typeof(Sensor))]
    public sealed class GetLcSensorCommand : LcOrganizationCmdlet
    {
        private const string ListSet = "List";
        private const string ByIdSet = "ById";

        [Parameter(Mandatory = true, Position = 0, ParameterSetName = ByIdSet, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("sid")]
        [GuidList]
        [ArgumentCompleter(typeof(SensorCompleter))]
        public Guid[] SensorId { get; set; } = Array.Empty<Guid>();

        /// <summary>A sensor selector expression, e.g. <c>plat == windows and int_ip matches `^10\.3\.`</c>.</summary>
        [Parameter(ParameterSetName = ListSet)]
        [ValidateNotNullOrEmpty]
        [ValidatePlainText]
        [ArgumentCompleter(typeof(SelectorCompleter))]
        public string? Selector { get; set; }

        [Parameter(ParameterSetName = ListSet)]
        public SwitchParameter Online { get; set; }

        /// <summary>Hostname prefix (case-insensitive); a trailing * is the same prefix.</summary>
        [Parameter(ParameterSetName = ListSet)]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(SensorCompleter))]
        [ValidatePlainText]
        public string? Hostname { get; set; }

        /// <summary>A whole IP address (internal or external), or an IPv4 range in CIDR notation such as 10.3.0.0/16.</summary>
        [Parameter(ParameterSetName = ListSet)]
        [ValidateNotNullOrEmpty]
        [ValidatePlainText]
        public string? IpAddress { get; set; }

        [Parameter(ParameterSetName = ListSet)]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(TagCompleter))]
        [ValidateTag]
        public string? Tag { get; set; }

        [Parameter(ParameterSetName = ListSet)]
        [ValidateRange(1, 10000)]
        public int PageSize { get; set; } = SensorQuery.DefaultPageSize;

        protected override void OnProcess()
        {
            var oid = Organization;
            if (ParameterSetName == ListSet)
            {
                var query = new SensorQuery
                {
                    Selector = Selector, Tag = Tag, OnlineOnly = Online, PageSize = PageSize,
                    HostnamePrefix = Hostname is null ? null : SensorSearchInput.HostnamePrefix(this, Hostname),
                };
                if (IpAddress is not null)
                {
                    SensorSearchInput.RequireAddress(this, IpAddress, rangeAllowed: true);
                    if (SensorQuery.IsRange(IpAddress)) query.IpRange = IpAddress;
                    else query.IpAddress = IpAddress;
                }
                StreamInOrganization(oid, (org, ct) => org.Sensors.ListAsync(query, ct), sensor => WriteObject(sensor));
                return;
            }
            foreach (var sid in SensorId)
                ForEachItem(sid, () => WriteObject(InOrganization(oid, (org, ct) => org.Sensors.GetAsync(sid, ct))));
        }
    }
}
