using System.Linq;
using System.Management.Automation;
using LimaCharlie.Client.Api;
using LimaCharlie.PowerShell.Completers;
using LimaCharlie.PowerShell.Infrastructure;

namespace LimaCharlie.PowerShell.Cmdlets.IngestionKeys
{
    /// <summary>Gets the organization's ingestion keys (<c>GET /v1/insight/{oid}/ingestion_keys</c>); keys as SecureString.</summary>
    [Cmdlet(VerbsCommon.Get, "LcIngestionKey")]
    [OutputType(typeof(IngestionKey))]
    public sealed class GetLcIngestionKeyCommand : LcOrganizationCmdlet
    {
        /// <summary>Only the keys whose name matches (wildcards allowed).</summary>
        [Parameter(Position = 0)]
        [SupportsWildcards]
        [ArgumentCompleter(typeof(IngestionKeyNameCompleter))]
        [ValidatePlainText]
        public string[]? Name { get; set; }

        /// <summary>Returns each key as a plain string instead of a SecureString.</summary>
        [Parameter]
        public SwitchParameter AsPlainText { get; set; }

        protected override object? ErrorTarget => Organization;

        protected override void OnProcess()
        {
            var oid = Organization;
            var plain = AsPlainText.IsPresent;
            var patterns = Name?.Select(n => WildcardPattern.Get(n, WildcardOptions.IgnoreCase)).ToArray();
            foreach (var key in InOrganization(oid, (org, ct) => org.IngestionKeys.ListAsync(plain, ct)))
                if (patterns is null || patterns.Any(p => p.IsMatch(key.Name)))
                    WriteObject(key);
        }
    }
}
