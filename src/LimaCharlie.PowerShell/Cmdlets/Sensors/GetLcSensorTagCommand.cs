using System;
using System.Management.Automation;
using LimaCharlie.Client.Api;
using LimaCharlie.PowerShell.Completers;
using LimaCharlie.PowerShell.Infrastructure;

namespace LimaCharlie.PowerShell.Cmdlets.Sensors
{
    /// <summary>Gets the tags of sensors (<c>GET /v1/{sid}/tags</c>): who added each and when.</summary>
    [Cmdlet(VerbsCommon.Get, "LcSensorTag")]
    [OutputType(typeof(SensorTag))]
    public sealed class GetLcSensorTagCommand : LcOrganizationCmdlet
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("sid")]
        [ArgumentCompleter(typeof(SensorCompleter))]
        [GuidList]
        public Guid[] SensorId { get; set; } = Array.Empty<Guid>();

        protected override void OnProcess()
        {
            var oid = Organization;
            foreach (var sid in SensorId)
                ForEachItem(sid, () => WriteObject(InOrganization(oid, (org, ct) => org.Sensors.GetTagsAsync(sid, ct)), enumerateCollection: true));
        }
    }
}
