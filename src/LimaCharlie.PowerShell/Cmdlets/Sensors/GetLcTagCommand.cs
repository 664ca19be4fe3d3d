using System;
using System.Management.Automation;
using LimaCharlie.Client.Api;
using LimaCharlie.PowerShell.Completers;
using LimaCharlie.PowerShell.Infrastructure;

namespace LimaCharlie.PowerShell.Cmdlets.Sensors
{
    /// <summary>Lists the tags in use in the organization (<c>GET /v1/tags/{oid}</c>), or the sensors carrying one (<c>GET /v1/tags/{oid}/{tag}</c>).</summary>
    [Cmdlet(VerbsCommon.Get, "LcTag", DefaultParameterSetName = AllSet)]
    [OutputType(typeof(string), ParameterSetName = new[] { AllSet })]
    [OutputType(typeof(SensorTag), ParameterSetName = new[] { ByNameSet })]
    public sealed class GetLcTagCommand : LcOrganizationCmdlet
    {
        private const string AllSet = "All";
        private const string ByNameSet = "ByName";

        /// <summary>A tag whose sensors are wanted.</summary>
        [Parameter(Mandatory = true, Position = 0, ParameterSetName = ByNameSet, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("Tag")]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(TagCompleter))]
        [ValidateTag]
        public string[] Name { get; set; } = Array.Empty<string>();

        protected override void OnProcess()
        {
            var oid = Organization;
            if (ParameterSetName == AllSet)
            {
                WriteObject(InOrganization(oid, (org, ct) => org.Sensors.ListTagsAsync(ct)), enumerateCollection: true);
                return;
            }
            foreach (var tag in Name)
                ForEachItem(tag, () => WriteObject(InOrganization(oid, (org, ct) => org.Sensors.SensorsWithTagAsync(tag, ct)), enumerateCollection: true));
        }
    }
}
