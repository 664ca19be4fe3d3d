using System;
using System.Management.Automation;
using LimaCharlie.Client.Api;
using LimaCharlie.PowerShell.Infrastructure;

namespace LimaCharlie.PowerShell.Cmdlets.IngestionKeys
{
    /// <summary>
    /// Creates ingestion keys (<c>POST /v1/insight/{oid}/ingestion_keys</c>); an existing name gets a new key (the API
    /// resets it), so the cmdlet is also how a key is rotated.
    /// </summary>
    [Cmdlet(VerbsCommon.New, "LcIngestionKey", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(IngestionKey))]
    public sealed class NewLcIngestionKeyCommand : LcOrganizationCmdlet
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        [ValidatePlainText]
        public string[] Name { get; set; } = Array.Empty<string>();

        /// <summary>Returns the key as a plain string instead of a SecureString.</summary>
        [Parameter]
        public SwitchParameter AsPlainText { get; set; }

        protected override void OnProcess()
        {
            var connection = Connection;
            var oid = connection.ResolveOrganization(Organization);
            var plain = AsPlainText.IsPresent;
            foreach (var name in Name)
            {
                if (!ShouldProcess(InTargetOrganization($"ingestion key '{name}'"), "Create (or reset to a new key)")) continue;
                ForEachItem(name, () => WriteObject(InOrganization(oid, (org, ct) => org.IngestionKeys.SetAsync(name, plain, ct))));
            }
        }
    }
}
