using System;
using System.Management.Automation;
using LimaCharlie.Client.Api;
using LimaCharlie.PowerShell.Completers;
using LimaCharlie.PowerShell.Infrastructure;

namespace LimaCharlie.PowerShell.Cmdlets.IngestionKeys
{
    /// <summary>Deletes ingestion keys (<c>DELETE /v1/insight/{oid}/ingestion_keys?name=</c>): adapters using them are refused.</summary>
    [Cmdlet(VerbsCommon.Remove, "LcIngestionKey", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
    [OutputType(typeof(void))]
    public sealed class RemoveLcIngestionKeyCommand : LcOrganizationCmdlet
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(IngestionKeyNameCompleter))]
        [ValidatePlainText]
        public string[] Name { get; set; } = Array.Empty<string>();

        /// <summary>Skips the confirmation prompt (not -WhatIf).</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        protected override void OnProcess()
        {
            var connection = Connection;
            var oid = connection.ResolveOrganization(Organization);
            RemoveEach(Name, Force, name => InTargetOrganization($"ingestion key '{name}'"), "Delete the ingestion key",
                (name, log, ct) => connection.Organization(oid, log).IngestionKeys.DeleteAsync(name, ct));
        }
    }
}
