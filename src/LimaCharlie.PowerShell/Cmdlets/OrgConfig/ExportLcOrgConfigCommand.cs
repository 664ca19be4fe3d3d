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
    /// Writes an organization's D&amp;R rules, FP rules, outputs and chosen hives to a folder of YAML files, one file per
    /// item (<c>&lt;hive or output&gt;/&lt;name&gt;.yaml</c>), for review in git and for Import-LcOrgConfig; returns what it
    /// wrote (kind, name, path). Outputs' secret settings are left out, and named in a comment of the output's file.
    /// </summary>
    [Cmdlet(VerbsData.Export, "LcOrgConfig", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low)]
    [OutputType(typeof(OrgConfigFile))]
    public sealed class ExportLcOrgConfigCommand : LcOrganizationCmdlet
    {
        [Parameter(Mandatory = true, Position = 0)]
        [ValidateNotNullOrEmpty]
        public string Path { get; set; } = string.Empty;

        /// <summary>More hives to export besides the rule hives (e.g. lookup, yara); never secret.</summary>
        [Parameter]
        [ArgumentCompleter(typeof(HiveNameCompleter))]
        [ValidatePlainText]
        public string[]? Hive { get; set; }

        protected override object? ErrorTarget => Path;

        protected override void OnProcess()
        {
            var oid = Organization;
            var folder = GetUnresolvedProviderPathFromPSPath(Path);
            var hives = OrgConfigKinds.Hives(Hive);
            var items = InOrganization(oid, (org, ct) => org.Config.ReadOrgAsync(hives, ct));
            if (!ShouldProcess(folder, $"Write {items.Count} configuration files")) return;
            // The folder mirrors the organization: files of items that no longer exist go away.
            foreach (var kind in hives.Append(OrgConfigApi.OutputKind))
            {
                var dir = System.IO.Path.Combine(folder, kind);
                if (Directory.Exists(dir))
                    foreach (var stale in Directory.EnumerateFiles(dir, "*.yaml")) File.Delete(stale);
            }
            foreach (var (item, file) in OrgConfigApi.WriteFolder(folder, items))
                WriteObject(new OrgConfigFile(item.Kind, item.Name, file));
        }
    }
}
