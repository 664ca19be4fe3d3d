using System;
using System.IO;
using System.Management.Automation;
using System.Security;
using LimaCharlie.Client.Api;
using LimaCharlie.Client.Credentials;
using LimaCharlie.PowerShell.Completers;
using LimaCharlie.PowerShell.Infrastructure;

namespace LimaCharlie.PowerShell.Cmdlets.Artifacts
{
    /// <summary>
    /// Uploads files as artifacts to the organization's log-ingestion host (<c>POST https://{url.logs}/ingest</c>),
    /// authenticated with an ingestion key (Basic: the organization id and the key) instead of the session's token.
    /// </summary>
    [Cmdlet(VerbsCommunications.Send, "LcArtifact", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(Artifact))]
    public sealed class SendLcArtifactCommand : LcOrganizationCmdlet
    {
        /// <summary>Not bound from piped objects: piped files carry no organization.</summary>
        [Parameter]
        [Alias("oid")]
        [ArgumentCompleter(typeof(OrganizationIdCompleter))]
        public override Guid OrganizationId { get; set; }

        /// <summary>The environment variable the official SDK reads the ingestion key from.</summary>
        public const string IngestionKeyVariable = "LC_LOGS_TOKEN";

        /// <summary>The files to send (wildcards allowed); FileInfo objects bind by FullName.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("FullName")]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        public string[] Path { get; set; } = Array.Empty<string>();

        /// <summary>One of the organization's ingestion keys (New-LcIngestionKey); LC_LOGS_TOKEN when not given.</summary>
        [Parameter]
        public SecureString? IngestionKey { get; set; }

        /// <summary>The parse hint, e.g. txt, json, pcap, evtx.</summary>
        [Parameter]
        [Alias("Type")]
        [ArgumentCompleter(typeof(ArtifactHintCompleter))]
        [ValidateNotNullOrEmpty]
        [ValidatePlainText]
        public string? Hint { get; set; }

        /// <summary>Where the artifact comes from, as Get-LcArtifact -Source filters it; the computer's name when not given.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        [ValidatePlainText]
        public string? Source { get; set; }

        /// <summary>The artifact's id; a new UUID when not given. Only with a single file.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        [ValidatePlainText]
        public string? PayloadId { get; set; }

        /// <summary>Days the artifact is kept.</summary>
        [Parameter]
        [ValidateRange(1, 3650)]
        public int RetentionDays { get; set; } = 30;

        /// <summary>Writes an artifact object per file sent (to pipe to Save-LcArtifact, or to find it with Get-LcArtifact).</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        private TransferProgress? _progress;

        protected override object? ErrorTarget => Path.Length == 1 ? Path[0] : null;

        protected override void OnWaiting() => _progress?.Write(this);

        protected override void OnProcess()
        {
            var key = IngestionKey ?? FromEnvironment() ?? throw new ArgumentException(
                $"Give -IngestionKey (Read-Host -AsSecureString 'Ingestion key'), or set {IngestionKeyVariable}. Get-LcIngestionKey lists the organization's keys.");
            var connection = Connection;
            var oid = connection.ResolveOrganization(Organization);
            var files = FilePaths.ResolveFiles(this, Path);
            if (PayloadId is not null && files.Count > 1)
                throw new ArgumentException($"-PayloadId names one artifact, but -Path matched {files.Count} files; send them one by one or without -PayloadId.");
            foreach (var file in files)
            {
                if (!ShouldProcess(InTargetOrganization($"artifact from {file} ({new FileInfo(file).Length} bytes)"), "Upload")) continue;
                var upload = new ArtifactUpload { Hint = Hint, Source = Source ?? Environment.MachineName, PayloadId = PayloadId, RetentionDays = RetentionDays };
                var progress = _progress = new TransferProgress($"Sending artifact {System.IO.Path.GetFileName(file)}");
                try
                {
                    ForEachItem(file, () =>
                    {
                        try
                        {
                            var payloadId = InOrganization(oid, (org, ct) => org.Artifacts.UploadAsync(file, key, upload, progress.Report, ct));
                            if (PassThru)
                                WriteObject(new Artifact { PayloadId = payloadId, OrganizationId = oid, Path = file, Source = upload.Source, Type = Hint, Size = new FileInfo(file).Length });
                        }
                        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                        {
                            WriteError(ErrorRecords.Of(e, ErrorIds.FileReadFailed, file));
                        }
                    });
                }
                finally
                {
                    progress.Complete(this);
                    _progress = null;
                }
            }
        }

        private static SecureString? FromEnvironment() =>
            Environment.GetEnvironmentVariable(IngestionKeyVariable) is { Length: > 0 } text ? ApiCredential.Secure(text) : null;
    }
}
