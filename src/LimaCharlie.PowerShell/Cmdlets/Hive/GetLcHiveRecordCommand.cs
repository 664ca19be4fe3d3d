using System;
using System.Management.Automation;
using LimaCharlie.Client.Api;
using LimaCharlie.PowerShell.Completers;
using LimaCharlie.PowerShell.Infrastructure;

namespace LimaCharlie.PowerShell.Cmdlets.Hive
{
    /// <summary>Gets the records of a hive (<c>GET /v1/hive/{hive}/{oid}</c>), or the ones named, optionally their metadata only.</summary>
    [Cmdlet(VerbsCommon.Get, "LcHiveRecord")]
    [OutputType(typeof(HiveRecord))]
    public sealed class GetLcHiveRecordCommand : LcOrganizationCmdlet
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [ArgumentCompleter(typeof(HiveNameCompleter))]
        [ValidateNotNullOrEmpty]
        [ValidatePlainText]
        public string Hive { get; set; } = string.Empty;

        [Parameter(Position = 1, ValueFromPipelineByPropertyName = true)]
        [Alias("Name")]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(HiveKeyCompleter))]
        [ValidatePlainText]
        public string[]? Key { get; set; }

        /// <summary>Reads only the metadata (<c>/mtd</c>): enabled, expiry, tags, comment, etag.</summary>
        [Parameter]
        public SwitchParameter MetadataOnly { get; set; }

        protected override void OnProcess()
        {
            var oid = Organization;
            if (Key is null || Key.Length == 0)
            {
                var records = InOrganization(oid, (org, ct) => org.Hive.ListAsync<HiveRecord>(Hive, ct));
                if (MetadataOnly) foreach (var r in records) r.Data = null;
                WriteObject(records, enumerateCollection: true);
                return;
            }
            foreach (var key in Key)
                ForEachItem(key, () => WriteObject(InOrganization(oid, (org, ct) => org.Hive.GetAsync<HiveRecord>(Hive, key, MetadataOnly, ct))));
        }
    }
}
