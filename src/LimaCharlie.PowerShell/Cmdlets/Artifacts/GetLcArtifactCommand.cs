using System;
using System.Management.Automation;
using LimaCharlie.Client.Api;
using LimaCharlie.PowerShell.Completers;
using LimaCharlie.PowerShell.Infrastructure;

namespace LimaCharlie.PowerShell.Cmdlets.Artifacts
{
    /// <summary>Streams the organization's artifacts in a time window (<c>GET /v1/insight/{oid}/artifacts</c>).</summary>
    [Cmdlet(VerbsCommon.Get, "LcArtifact")]
    [OutputType(typeof(Artifact))]
    public sealed class GetLcArtifactCommand : LcTimeRangeCmdlet
    {
        /// <summary>Only artifacts of this sensor (from Get-LcSensor by property name).</summary>
        [Parameter(ValueFromPipelineByPropertyName = true)]
        [Alias("sid")]
        [ArgumentCompleter(typeof(SensorCompleter))]
        public Guid SensorId { get; set; }

        /// <summary>Only artifacts with this parse hint (<c>hint</c>).</summary>
        [Parameter]
        [Alias("Hint")]
        [ArgumentCompleter(typeof(ArtifactHintCompleter))]
        [ValidateNotNullOrEmpty]
        [ValidatePlainText]
        public string? Type { get; set; }

        /// <summary>Only artifacts from this source.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        [ValidatePlainText]
        public string? Source { get; set; }

        protected override TimeSpan DefaultWindow => TimeSpan.FromDays(1);

        protected override void OnProcess()
        {
            var oid = Organization;
            var window = Window();
            var filter = new ArtifactFilter { SensorId = SensorId == Guid.Empty ? null : SensorId, Type = Type, Source = Source };
            StreamInOrganization(oid, (org, ct) => org.Artifacts.ListAsync(window, filter, ct), a => WriteObject(a));
        }
    }
}
