using System.Management.Automation;
using LimaCharlie.Client.Api;
using LimaCharlie.PowerShell.Completers;
using LimaCharlie.PowerShell.Infrastructure;

namespace LimaCharlie.PowerShell.Cmdlets.Hive
{
    /// <summary>
    /// Creates or updates a hive record (<c>POST /v1/hive/{hive}/{oid}/{key}/data</c>, or <c>/mtd</c> for metadata only),
    /// keeping the metadata it does not change and guarding against concurrent edits with the record's etag.
    /// </summary>
    [Cmdlet(VerbsCommon.Set, "LcHiveRecord", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(HiveRecord))]
    public sealed class SetLcHiveRecordCommand : LcRecordWriteCmdlet
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

        /// <summary>The record's content: a hashtable or object, or YAML/JSON text. Omit it to change metadata only.</summary>
        [Parameter(Position = 2, ValueFromPipelineByPropertyName = true)]
        public object? Data { get; set; }

        protected override object? ErrorTarget => Key;

        protected override void OnProcess()
        {
            var oid = Organization;
            var data = Data is null ? null : ConfigInput.ToObject(Data, $"-Data of '{Key}'").ToJsonString();
            var change = MetadataChange();
            if (!ShouldProcess(InTargetOrganization($"{Hive}/{Key}"), data is null ? "Update metadata" : "Set record")) return;
            InOrganization(oid, (org, ct) => org.Hive.SetAsync(Hive, Key, data, change, Etag, ct));
            if (PassThru) WriteObject(InOrganization(oid, (org, ct) => org.Hive.GetAsync<HiveRecord>(Hive, Key, false, ct)));
        }
    }
}
