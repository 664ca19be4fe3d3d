using System;
using System.Management.Automation;
using LimaCharlie.Client.Api;
using LimaCharlie.Client.Files;
using LimaCharlie.PowerShell.Infrastructure;

namespace LimaCharlie.PowerShell.Cmdlets.Artifacts
{
    /// <summary>
    /// Downloads artifacts' original files (<c>POST /v1/insight/{oid}/artifacts/originals/{payload_id}</c>): inline ones
    /// decoded, exported ones streamed from their signed URL once the export is ready.
    /// </summary>
    [Cmdlet(VerbsData.Save, "LcArtifact", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low, DefaultParameterSetName = ByArtifactSet)]
    [OutputType(typeof(System.IO.FileInfo))]
    public sealed class SaveLcArtifactCommand : LcDownloadCmdlet
    {
        private const string ByIdSet = "ById";
        private const string ByArtifactSet = "ByArtifact";

        /// <summary>The artifacts to save, from Get-LcArtifact.</summary>
        [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = ByArtifactSet)]
        public Artifact? InputObject { get; set; }

        [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true, ParameterSetName = ByIdSet)]
        [ValidateNotNullOrEmpty]
        [ValidatePlainText]
        public string[] PayloadId { get; set; } = Array.Empty<string>();

        protected override object? ErrorTarget => InputObject is not null ? InputObject : PayloadId.Length == 1 ? PayloadId[0] : null;

        protected override void OnProcess()
        {
            var connection = Connection;
            var oid = Organization;
            if (InputObject is { } artifact)
            {
                Save(connection, oid, artifact, artifact.PayloadId, artifact.Path);
                return;
            }
            foreach (var id in PayloadId) Save(connection, oid, id, id, null);
        }

        private void Save(LimaCharlie.Client.LcConnection connection, Guid? oid, object target, string payloadId, string? originalPath)
        {
            if (string.IsNullOrWhiteSpace(payloadId))
            {
                WriteError(ErrorRecords.Of(new ArgumentException("The artifact has no payload id."), ErrorIds.InvalidArgument, target));
                return;
            }
            var destination = Destination(FileNames.ForArtifact(payloadId, originalPath));
            Download(target, destination, $"artifact {payloadId}",
                (path, overwrite, progress, log, ct) => connection.Organization(oid, log).Artifacts.SaveAsync(payloadId, path, overwrite, progress, ct));
        }
    }
}
