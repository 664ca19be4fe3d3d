using System;
using System.Management.Automation;
using System.Security;
using LimaCharlie.Client.Api;
using LimaCharlie.PowerShell.Completers;
using LimaCharlie.PowerShell.Infrastructure;

namespace LimaCharlie.PowerShell.Cmdlets.OrgValues
{
    /// <summary>Sets an organization configuration value (<c>POST /v1/configs/{oid}/{name}</c>); the value is a secret.</summary>
    [Cmdlet(VerbsCommon.Set, "LcOrgValue", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
    [OutputType(typeof(void))]
    public sealed class SetLcOrgValueCommand : LcOrganizationCmdlet
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [ValidateSet("vt", "otx", "domain", "shodan", "pagerduty", "twilio", "socprime", "alphamountain", "pangea", "hybrid_analysis",
            "echotrail", "greynoise", IgnoreCase = true)]
        public string Name { get; set; } = string.Empty;

        [Parameter(Mandatory = true, Position = 1, ValueFromPipelineByPropertyName = true)]
        public SecureString? Value { get; set; }

        /// <summary>Not bound from piped objects: those copied from another organization's session land in this one.</summary>
        [Parameter]
        [Alias("oid")]
        [ArgumentCompleter(typeof(OrganizationIdCompleter))]
        public override Guid OrganizationId { get; set; }

        protected override object? ErrorTarget => Name;

        protected override void OnProcess()
        {
            var oid = Organization;
            if (Value is null || Value.Length == 0) throw new System.ArgumentException("-Value is empty.");
            if (!ShouldProcess($"organization value '{Name}'", "Set")) return;
            var value = Value;
            InOrganization(oid, (org, ct) => org.Values.SetAsync(Name.ToLowerInvariant(), value, ct));
        }
    }
}
