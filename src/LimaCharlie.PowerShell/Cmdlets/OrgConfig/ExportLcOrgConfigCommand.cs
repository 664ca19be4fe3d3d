using System;
using System.IO;
using System.Linq;
using System.Management.Automation;
using LimaCharlie.Client.Api;
using LimaCharlie.PowerShell.Completers;
using LimaCharlie.PowerShell.Infrastructure;

namespace LimaCharlie.PowerShell.Cmdlets.OrgConfig
{
    /// <summary>
    /// Writes an organization's D&amp;R rules, FP rules, outputs, chosen hives and sections either to a folder of YAML
    /// files, one file per item (<c>&lt;hive or section&gt;/&lt;name&gt;.yaml</c>), or to one sync file in the format of the
    /// LimaCharlie CLI (<c>limacharlie sync</c>, version 3); returns what it wrote (kind, name, path). Secrets (outputs'
    /// secret settings, org values) are left out and named in a comment, unless -IncludeSecret.
    /// </summary>
    [Cmdlet(VerbsData.Export, "LcOrgConfig", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
    [OutputType(typeof(OrgConfigFile))]
    public sealed class ExportLcOrgConfigCommand : LcOrganizationCmdlet
    {
        /// <summary>The folder, or the sync file (a path ending in .yaml or .yml writes a sync file unless -Format says otherwise).</summary>
        [Parameter(Mandatory = true, Position = 0)]
        [ValidateNotNullOrEmpty]
        public string Path { get; set; } = string.Empty;

        /// <summary>More hives to export besides the rule hives (e.g. lookup, yara); never secret.</summary>
        [Parameter]
        [ArgumentCompleter(typeof(HiveNameCompleter))]
        [ValidatePlainText]
        public string[]? Hive { get; set; }

        /// <summary>Folder (one file per item) or Sync (one file in the CLI's sync format).</summary>
        [Parameter]
        [ValidateSet("Folder", "Sync")]
        public string? Format { get; set; }

        /// <summary>The sections besides hives: Output, InstallationKey, Extension, OrgValue. Default: Output for a folder, all for a sync file.</summary>
        [Parameter]
        [ValidateSet("Output", "InstallationKey", "Extension", "OrgValue")]
        public string[]? Section { get; set; }

        /// <summary>Writes secrets in clear text: outputs' secret settings and org values.</summary>
        [Parameter]
        public SwitchParameter IncludeSecret { get; set; }

        protected override object? ErrorTarget => Path;

        protected override void OnProcess()
        {
            var oid = Organization;
            var target = GetUnresolvedProviderPathFromPSPath(Path);
            var sync = Format is null ? SyncFile.IsSyncPath(target) && !Directory.Exists(target) : Format == "Sync";
            var hives = OrgConfigKinds.Hives(Hive);
            var sections = OrgConfigKinds.Sections(Section, sync ? OrgConfigApi.Sections : new[] { OrgConfigApi.OutputKind });
            var items = InOrganization(oid, (org, ct) => org.Config.ReadOrgAsync(hives, ct, sections));
            if (sync)
            {
                if (!ShouldProcess(target, $"Write {items.Count} configuration items to a sync file" + (IncludeSecret ? ", secrets in clear text" : string.Empty)))
                    return;
                SyncFile.Write(target, items, IncludeSecret);
                foreach (var item in items) WriteObject(new OrgConfigFile(item.Kind, item.Name, System.IO.Path.GetFullPath(target)));
                return;
            }
            if (!ShouldProcess(target, $"Write {items.Count} configuration files" + (IncludeSecret ? ", secrets in clear text" : string.Empty))) return;
            // The folder mirrors the organization: files of items that no longer exist go away.
            foreach (var kind in hives.Concat(sections))
            {
                var dir = System.IO.Path.Combine(target, kind);
                if (Directory.Exists(dir))
                    foreach (var stale in Directory.EnumerateFiles(dir, "*.yaml")) File.Delete(stale);
            }
            foreach (var (item, file) in OrgConfigApi.WriteFolder(target, items, IncludeSecret))
                WriteObject(new OrgConfigFile(item.Kind, item.Name, file));
        }
    }
}
