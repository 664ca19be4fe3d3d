using System.Management.Automation;
using LimaCharlie.Client.Api;
using LimaCharlie.PowerShell.Completers;
using LimaCharlie.PowerShell.Infrastructure;

namespace LimaCharlie.PowerShell.Cmdlets.Hive
{
    /// <summary>Renames a hive record (<c>POST /v1/hive/{hive}/{oid}/{key}/rename</c>).</summary>
    [Cmdlet(VerbsCommon.Rename, "LcHiveRecord", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(HiveRecord))]
    public sealed class RenameLcHiveRecordCommand : LcOrganizationCmdlet
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(HiveNameCompleter))]
        [ValidateNotNullOrEmpty]
        [ValidatePlainText]
        public string Hive { get; set; } = string.Empty;

        [Parameter(Mandatory = true, Position = 1, ValueFromPipelineByPropertyName = true)]
        [Alias("Name")]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(HiveKeyCompleter))]
        [ValidatePlainText]
        public string Key { get; set; } = string.Empty;

        [Parameter(Mandatory = true, Position = 2)]
        [ValidateNotNullOrEmpty]
        [ValidatePlainText]
        public string NewName { get; set; } = string.Empty;

        [Parameter]
        public SwitchParameter PassThru { get; set; }

        protected override object? ErrorTarget => Key;

        protected override void OnProcess()
        {
            var oid = Organization;
            if (!ShouldProcess(InTargetOrganization($"{Hive}/{Key}"), $"Rename to '{NewName}'")) return;
            InOrganization(oid, (org, ct) => org.Hive.RenameAsync(Hive, Key, NewName, ct));
            if (PassThru) WriteObject(InOrganization(oid, (org, ct) => org.Hive.GetAsync<HiveRecord>(Hive, NewName, false, ct)));
        }
    }
}
