using System;
using System.IO;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using LimaCharlie.Client.Logging;

namespace LimaCharlie.PowerShell.Infrastructure
{
    /// <summary>
    /// The base of cmdlets that download a file of the organization to disk: -Path (a file, or a folder that gets a
    /// name per item), -Force to replace an existing file, -PassThru for the FileInfo. An existing file without -Force,
    /// a missing folder, a refused download: each is an error of that item, and the rest of the pipeline goes on.
    /// </summary>
    public abstract class LcDownloadCmdlet : LcOrganizationCmdlet
    {
        /// <summary>The file to write, or an existing folder to write into.</summary>
        [Parameter(Mandatory = true, Position = 0)]
        [ValidateNotNullOrEmpty]
        public string Path { get; set; } = string.Empty;

        /// <summary>Replaces an existing file.</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        /// <summary>Writes the saved file (FileInfo) to the pipeline.</summary>
        [Parameter]
        public SwitchParameter PassThru { get; set; }

        private TransferProgress? _progress;

        protected override void OnWaiting() => _progress?.Write(this);

        /// <summary>Where one item goes: into -Path when it is a folder (named <paramref name="fileName"/>), else -Path itself.</summary>
        protected string Destination(string fileName)
        {
            var full = GetUnresolvedProviderPathFromPSPath(Path);
            var folder = Directory.Exists(full) || Path.EndsWith("/", StringComparison.Ordinal) || Path.EndsWith("\\", StringComparison.Ordinal);
            return folder ? System.IO.Path.Combine(full, fileName) : full;
        }

        /// <summary>Checks the destination, asks ShouldProcess, and runs the download with progress; failures become errors of <paramref name="target"/>.</summary>
        protected void Download(object target, string destination, string what,
            Func<string, bool, Action<long, long?>, ILcLog, CancellationToken, Task<FileInfo>> save)
        {
            if (Directory.Exists(destination))
            {
                WriteError(ErrorRecords.Of(new IOException($"'{destination}' is a folder; give a file name or a folder that exists."),
                    ErrorIds.PathIsFolder, target));
                return;
            }
            if (File.Exists(destination) && !Force)
            {
                WriteError(FileExists(destination, target));
                return;
            }
            var folder = System.IO.Path.GetDirectoryName(destination);
            if (string.IsNullOrEmpty(folder) || !Directory.Exists(folder))
            {
                WriteError(ErrorRecords.Of(new DirectoryNotFoundException($"The folder '{folder}' does not exist."), ErrorIds.FolderNotFound, target));
                return;
            }
            if (!ShouldProcess(destination, $"Save {what}")) return;

            var progress = _progress = new TransferProgress($"Saving {what}");
            try
            {
                var file = Await((log, ct) => save(destination, Force.IsPresent, progress.Report, log, ct));
                if (PassThru) WriteObject(file);
                ItemSucceeded();
            }
            catch (LcApiException e)
            {
                WriteItemError(e, target);
            }
            catch (LcConfigurationException e) when (ErrorRecords.IsItemProblem(e))
            {
                WriteError(ErrorRecords.FromConfiguration(e, target));
            }
            catch (IOException e) when (!Force && File.Exists(destination))
            {
                WriteError(FileExists(destination, target, e));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                WriteError(ErrorRecords.Of(e, ErrorIds.FileWriteFailed, destination,
                    category: e is UnauthorizedAccessException ? ErrorCategory.PermissionDenied : null));
            }
            finally
            {
                progress.Complete(this);
                _progress = null;
            }
        }

        private static ErrorRecord FileExists(string destination, object target, Exception? inner = null) =>
            ErrorRecords.Of(new IOException($"The file '{destination}' exists already.", inner), ErrorIds.FileExists, target);
    }
}
