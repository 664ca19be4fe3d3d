using System.Management.Automation;
using LimaCharlie.Client.Api;
using LimaCharlie.PowerShell.Infrastructure;

namespace LimaCharlie.PowerShell.Cmdlets.OrgValues
{
    /// <summary>Gets organization configuration values (<c>GET /v1/configs/{oid}/{name}</c>): the integrations' keys, as SecureString.</summary>
    [Cmdlet(VerbsCommon.Get, "LcOrgValue")]
    [OutputType(typeof(OrgValue))]
    public sealed class GetLcOrgValueCommand : LcOrganizationCmdlet
    {
        /// <summary>The values wanted; every known one that is set when omitted.</summary>
        [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
        [ValidateSet("vt", "otx", "domain", "shodan", "pagerduty", "twilio", "socprime", "alphamountain", "pangea", "hybrid_analysis",
            "echotrail", "greynoise", IgnoreCase = true)]
        public string[]? Name { get; set; }

        protected override void OnProcess()
        {
            var oid = Organization;
            var asked = Name is { Length: > 0 };
            foreach (var name in asked ? Name! : OrgValueApi.Names)
            {
                ForEachItem(name, () =>
                {
                    var value = InOrganization(oid, (org, ct) => org.Values.GetAsync(name.ToLowerInvariant(), ct));
                    if (value is not null) WriteObject(value);
                    else if (asked)
                        WriteError(ErrorRecords.FromApi(new LcApiException($"The value '{name}' is not set.", 404, null, "GET", $"/v1/configs/{oid}/{name}",
                            ErrorIds.NotFound, "Set it with Set-LcOrgValue."), name));
                });
            }
        }
    }
}
