using System.Linq;
using System.Management.Automation;
using LimaCharlie.Client.Api;
using LimaCharlie.PowerShell.Completers;
using LimaCharlie.PowerShell.Infrastructure;

namespace LimaCharlie.PowerShell.Cmdlets.ApiKeys
{
    /// <summary>Gets the organization's API keys (<c>GET /v1/orgs/{oid}/keys</c>): names, hashes, permissions; never a secret.</summary>
    [Cmdlet(VerbsCommon.Get, "LcApiKey")]
    [OutputType(typeof(ApiKey))]
    public sealed class GetLcApiKeyCommand : LcOrganizationCmdlet
    {
        /// <summary>Only the keys whose name matches (wildcards allowed).</summary>
        [Parameter(Position = 0)]
        [SupportsWildcards]
        [ArgumentCompleter(typeof(ApiKeyCompleter))]
        [ValidatePlainText]
        public string[]? Name { get; set; }

        protected override object? ErrorTarget => Organization;

        protected override void OnProcess()
        {
            var oid = Organization;
            var patterns = Name?.Select(n => WildcardPattern.Get(n, WildcardOptions.IgnoreCase)).ToArray();
            foreach (var key in InOrganization(oid, (org, ct) => org.ApiKeys.ListAsync(ct)))
                if (patterns is null || patterns.Any(p => p.IsMatch(key.Name ?? string.Empty)))
                    WriteObject(key);
        }
    }
}
