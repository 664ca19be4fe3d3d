using System;
using System.Management.Automation;
using LimaCharlie.Client.Api;
using LimaCharlie.Client.Files;
using LimaCharlie.PowerShell.Completers;
using LimaCharlie.PowerShell.Infrastructure;

namespace LimaCharlie.PowerShell.Cmdlets.Payloads
{
    /// <summary>Downloads payloads to disk (<c>GET /v1/payload/{oid}/{name}</c> for a signed URL, then the bytes, streamed).</summary>
    [Cmdlet(VerbsData.Save, "LcPayload", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
    [OutputType(typeof(System.IO.FileInfo))]
    public sealed class SaveLcPayloadCommand : LcDownloadCmdlet
    {
        [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(PayloadNameCompleter))]
        [ValidatePlainText]
        public string[] Name { get; set; } = Array.Empty<string>();

        protected override object? ErrorTarget => Name.Length == 1 ? Name[0] : null;

        protected override void OnProcess()
        {
            var connection = Connection;
            var oid = Organization;
            foreach (var name in Name)
            {
                var fileName = FileNames.Safe(name);
                if (fileName is null)
                {
                    WriteError(ErrorRecords.Of(new ArgumentException($"The payload name '{name}' cannot be a file name; give -Path a file name."),
                        ErrorIds.InvalidArgument, name));
                    continue;
                }
                Download(name, Destination(fileName), $"payload '{name}'",
                    (path, overwrite, progress, log, ct) => connection.Organization(oid, log).Payloads.SaveAsync(name, path, overwrite, progress, ct));
            }
        }
    }
}
