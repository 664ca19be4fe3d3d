using System.Management.Automation;
using LimaCharlie.Client.Api;
using LimaCharlie.PowerShell.Completers;
using LimaCharlie.PowerShell.Infrastructure;

namespace LimaCharlie.PowerShell.Cmdlets.Hive
{
    /// <summary>Deletes hive records (<c>DELETE /v1/hive/{hive}/{oid}/{key}</c>).</summary>
    [Cmdlet(VerbsCommon.Remove, "LcHiveRecord", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
    [OutputType(typeof(void))]
    public sealed class RemoveLcHiveRecordCommand : LcOrganizationCmdlet
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
        public string[] Key { get; set; } = System.Array.Empty<string>();

        /// <summary>Skips the confirmation prompt (not -WhatIf).</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        protected override void OnProcess()
        {
            var connection = Connection;
            var oid = Organization;
            RemoveEach(Key, Force, key => InTargetOrganization($"{Hive}/{key}"), "Delete the record",
                (key, log, ct) => connection.Organization(oid, log).Hive.DeleteAsync(Hive, key, ct));
        }
    }
}
