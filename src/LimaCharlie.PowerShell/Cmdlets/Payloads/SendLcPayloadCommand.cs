using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using LimaCharlie.Client.Api;
using LimaCharlie.PowerShell.Completers;
using LimaCharlie.PowerShell.Infrastructure;

namespace LimaCharlie.PowerShell.Cmdlets.Payloads
{
    /// <summary>
    /// Uploads files as payloads (<c>POST /v1/payload/{oid}/{name}</c> for a signed URL, then a PUT of the file's bytes,
    /// read from disk as they are sent).
    /// </summary>
    [Cmdlet(VerbsCommunications.Send, "LcPayload", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(Payload))]
    public sealed class SendLcPayloadCommand : LcOrganizationCmdlet
    {
        /// <summary>The files to send (wildcards allowed); FileInfo objects bind by FullName.</summary>
        [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
        [Alias("FullName")]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        public string[] Path { get; set; } = Array.Empty<string>();

        /// <summary>The payload's name; defaults to the file name. Only with a single file.</summary>
        [Parameter]
        [ValidateNotNullOrEmpty]
        [ValidatePlainText]
        public string? Name { get; set; }

        /// <summary>Replaces a payload of the same name.</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        /// <summary>Writes the uploaded payload to the pipeline.</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        /// <summary>Not bound from piped objects: those copied from another organization's session land in this one.</summary>
        [Parameter]
        [Alias("oid")]
        [ArgumentCompleter(typeof(OrganizationIdCompleter))]
        public override Guid OrganizationId { get; set; }

        private TransferProgress? _progress;

        protected override object? ErrorTarget => Path.Length == 1 ? Path[0] : null;

        protected override void OnWaiting() => _progress?.Write(this);

        protected override void OnProcess()
        {
            var connection = Connection;
            var oid = Organization;
            var files = FilePaths.ResolveFiles(this, Path);
            if (Name is not null && files.Count > 1)
                throw new ArgumentException($"-Name names one payload, but -Path matched {files.Count} files; send them one by one or without -Name.");

            HashSet<string>? existing = null;
            foreach (var file in files)
            {
                var name = Name ?? System.IO.Path.GetFileName(file);
                if (!Force)
                {
                    existing ??= InOrganization(oid, (org, ct) => org.Payloads.ListAsync(ct)).Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
                    if (existing.Contains(name))
                    {
                        WriteError(ErrorRecords.Of(new IOException($"A payload named '{name}' exists already."), ErrorIds.PayloadExists, file));
                        continue;
                    }
                }
                var length = new FileInfo(file).Length;
                if (!ShouldProcess($"payload '{name}' ({length} bytes from {file})", "Upload")) continue;
                Upload(connection, oid, file, name);
            }
        }

        private void Upload(LimaCharlie.Client.LcConnection connection, Guid? oid, string file, string name)
        {
            var progress = _progress = new TransferProgress($"Sending payload '{name}'");
            try
            {
                InOrganization(oid, (org, ct) => org.Payloads.UploadAsync(name, file, progress.Report, ct));
                if (PassThru)
                {
                    var sent = InOrganization(oid, (org, ct) => org.Payloads.ListAsync(ct)).FirstOrDefault(p => p.Name == name);
                    if (sent is not null) WriteObject(sent);
                }
                ItemSucceeded();
            }
            catch (LcApiException e)
            {
                WriteItemError(e, file);
            }
            catch (LcConfigurationException e) when (ErrorRecords.IsItemProblem(e))
            {
                WriteError(ErrorRecords.FromConfiguration(e, file));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                WriteError(ErrorRecords.Of(e, ErrorIds.FileReadFailed, file));
            }
            finally
            {
                progress.Complete(this);
                _progress = null;
            }
        }
    }
}
