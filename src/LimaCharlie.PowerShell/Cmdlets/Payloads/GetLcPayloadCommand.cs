using System.Linq;
using System.Management.Automation;
using LimaCharlie.Client.Api;
using LimaCharlie.PowerShell.Completers;
using LimaCharlie.PowerShell.Infrastructure;

namespace LimaCharlie.PowerShell.Cmdlets.Payloads
{
    /// <summary>Gets the organization's payloads (<c>GET /v1/payload/{oid}</c>), or the ones named (wildcards allowed).</summary>
    [Cmdlet(VerbsCommon.Get, "LcPayload")]
    [OutputType(typeof(Payload))]
    public sealed class GetLcPayloadCommand : LcOrganizationCmdlet
    {
        [Parameter(Position = 0)]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(PayloadNameCompleter))]
        [ValidatePlainText]
        public string[]? Name { get; set; }

        protected override void OnProcess()
        {
            var oid = Organization;
            var payloads = InOrganization(oid, (org, ct) => org.Payloads.ListAsync(ct));
            if (Name is null || Name.Length == 0)
            {
                WriteObject(payloads, enumerateCollection: true);
                return;
            }
            foreach (var name in Name)
            {
                var pattern = new WildcardPattern(name, WildcardOptions.IgnoreCase);
                var matches = payloads.Where(p => pattern.IsMatch(p.Name)).ToArray();
                if (matches.Length == 0 && !WildcardPattern.ContainsWildcardCharacters(name))
                    WriteError(ErrorRecords.FromApi(new LcApiException($"There is no payload named '{name}'.", 404, null, "GET",
                        $"/v1/payload/{oid}", ErrorIds.NotFound, "Get-LcPayload lists the payloads."), name));
                WriteObject(matches, enumerateCollection: true);
            }
        }
    }
}
