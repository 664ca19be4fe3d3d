using System;
using System.Linq;
using System.Management.Automation;
using LimaCharlie.Client.Api;
using LimaCharlie.PowerShell.Completers;
using LimaCharlie.PowerShell.Infrastructure;

namespace LimaCharlie.PowerShell.Cmdlets.Outputs
{
    /// <summary>Gets the organization's outputs (<c>GET /v1/outputs/{oid}</c>), or the ones named (wildcards allowed).</summary>
    [Cmdlet(VerbsCommon.Get, "LcOutput")]
    [OutputType(typeof(Output))]
    public sealed class GetLcOutputCommand : LcOrganizationCmdlet
    {
        [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(OutputNameCompleter))]
        [ValidatePlainText]
        public string[]? Name { get; set; }

        protected override void OnProcess()
        {
            var oid = Organization;
            var outputs = InOrganization(oid, (org, ct) => org.Outputs.ListAsync(ct));
            if (Name is null || Name.Length == 0)
            {
                WriteObject(outputs, enumerateCollection: true);
                return;
            }
            foreach (var name in Name)
            {
                var pattern = new WildcardPattern(name, WildcardOptions.IgnoreCase);
                var matches = outputs.Where(o => pattern.IsMatch(o.Name)).ToArray();
                if (matches.Length == 0 && !WildcardPattern.ContainsWildcardCharacters(name))
                    WriteError(ErrorRecords.FromApi(new LcApiException($"There is no output named '{name}'.", 404, null, "GET",
                        $"/v1/outputs/{oid}", ErrorIds.NotFound, "Get-LcOutput lists the outputs."), name));
                WriteObject(matches, enumerateCollection: true);
            }
        }
    }
}
