using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using LimaCharlie.Client.Api;
using LimaCharlie.PowerShell.Completers;
using LimaCharlie.PowerShell.Infrastructure;

namespace LimaCharlie.PowerShell.Cmdlets.Sensors
{
    /// <summary>
    /// Finds sensors by hostname prefix (<c>/v1/hostnames</c>) or IP address (<c>/v1/ips</c>), or reads the online state
    /// of many sensors in one call (<c>POST /v1/online/{oid}</c>).
    /// </summary>
    [Cmdlet(VerbsCommon.Find, "LcSensor", DefaultParameterSetName = HostnameSet)]
    [OutputType(typeof(SensorReference))]
    public sealed class FindLcSensorCommand : LcOrganizationCmdlet
    {
        private const string HostnameSet = "Hostname";
        private const string IpSet = "IpAddress";
        private const string OnlineSet = "Online";

        [Parameter(Mandatory = true, Position = 0, ParameterSetName = HostnameSet)]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(SensorCompleter))]
        [ValidatePlainText]
        public string? Hostname { get; set; }

        [Parameter(Mandatory = true, ParameterSetName = IpSet)]
        [ValidateNotNullOrEmpty]
        [ValidatePlainText]
        public string? IpAddress { get; set; }

        /// <summary>Reports whether each sensor is online, in one call for all of them.</summary>
        [Parameter(Mandatory = true, ParameterSetName = OnlineSet)]
        public SwitchParameter Online { get; set; }

        /// <summary>The sensors whose online state is wanted; all of the organization's when omitted.</summary>
        [Parameter(ParameterSetName = OnlineSet, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("sid")]
        [ArgumentCompleter(typeof(SensorCompleter))]
        [GuidList]
        public Guid[] SensorId { get; set; } = Array.Empty<Guid>();

        private readonly List<(Guid? Organization, Guid Sensor)> _online = new();


        protected override void OnProcess()
        {
            var oid = Organization;
            switch (ParameterSetName)
            {
                case HostnameSet:
                    var prefix = SensorSearchInput.HostnamePrefix(this, Hostname!);
                    if (prefix.Length == 0)
                        throw new ArgumentException("Give the start of a hostname: the hostname search needs at least one character (Get-LcSensor lists every sensor).");
                    WriteObject(InOrganization(oid, (org, ct) => org.Sensors.FindByHostnameAsync(prefix, ct)), enumerateCollection: true);
                    break;
                case IpSet:
                    SensorSearchInput.RequireAddress(this, IpAddress!, rangeAllowed: false);
                    WriteObject(InOrganization(oid, (org, ct) => org.Sensors.FindByIpAsync(IpAddress!, ct)), enumerateCollection: true);
                    break;
                default:
                    foreach (var sid in SensorId) _online.Add((oid, sid));
                    break;
            }
        }

        protected override void OnEnd()
        {
            if (ParameterSetName != OnlineSet) return;
            if (_online.Count == 0)
            {
                var oid = Organization;
                WriteObject(InOrganization(oid, (org, ct) => org.Sensors.OnlineAsync(Array.Empty<Guid>(), ct)), enumerateCollection: true);
                return;
            }
            // One call per organization the sensors belong to.
            foreach (var group in _online.GroupBy(x => x.Organization))
            {
                var sids = group.Select(x => x.Sensor).Distinct().ToArray();
                ForEachItem(group.Key?.ToString() ?? "default organization",
                    () => WriteObject(InOrganization(group.Key, (org, ct) => org.Sensors.OnlineAsync(sids, ct)), enumerateCollection: true));
            }
        }
    }
}
