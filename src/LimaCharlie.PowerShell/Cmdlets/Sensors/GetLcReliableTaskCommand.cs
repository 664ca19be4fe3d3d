using System;
using System.Management.Automation;
using LimaCharlie.Client.Api;
using LimaCharlie.PowerShell.Completers;
using LimaCharlie.PowerShell.Infrastructure;

namespace LimaCharlie.PowerShell.Cmdlets.Sensors
{
    /// <summary>Lists the tasks the reliable-tasking service still holds for sensors (action <c>list</c>).</summary>
    [Cmdlet(VerbsCommon.Get, "LcReliableTask")]
    [OutputType(typeof(ReliableTask))]
    public sealed class GetLcReliableTaskCommand : LcOrganizationCmdlet
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("sid")]
        [ArgumentCompleter(typeof(SensorCompleter))]
        [GuidList]
        public Guid[] SensorId { get; set; } = Array.Empty<Guid>();

        protected override void OnProcess()
        {
            var connection = Connection;
            var oid = Organization;
            foreach (var sid in SensorId)
                ForEachItem(sid, () => WriteObject(InOrganization(oid, (org, ct) => org.ReliableTasks.ListAsync(sid, ct)), enumerateCollection: true));
        }
    }
}
