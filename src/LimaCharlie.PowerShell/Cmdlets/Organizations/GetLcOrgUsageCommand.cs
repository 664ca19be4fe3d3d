using System.Management.Automation;
using LimaCharlie.Client.Api;
using LimaCharlie.PowerShell.Infrastructure;

namespace LimaCharlie.PowerShell.Cmdlets.Organizations
{
    /// <summary>Gets an organization's quota usage by category, or with -History its usage day by day.</summary>
    [Cmdlet(VerbsCommon.Get, "LcOrgUsage", DefaultParameterSetName = QuotaSet)]
    [OutputType(typeof(OrgUsage), ParameterSetName = new[] { QuotaSet })]
    [OutputType(typeof(OrgUsageDay), ParameterSetName = new[] { HistorySet })]
    public sealed class GetLcOrgUsageCommand : LcOrganizationCmdlet
    {
        private const string QuotaSet = "Quota";
        private const string HistorySet = "History";

        /// <summary>The usage of each day (<c>GET /v1/usage/{oid}</c>) instead of the quota usage.</summary>
        [Parameter(Mandatory = true, ParameterSetName = HistorySet)]
        public SwitchParameter History { get; set; }

        protected override object? ErrorTarget => Organization;

        protected override void OnProcess()
        {
            var oid = Organization;
            if (History)
            {
                foreach (var day in InOrganization(oid, (org, ct) => org.Admin.UsageHistoryAsync(ct))) WriteObject(day);
                return;
            }
            WriteObject(InOrganization(oid, (org, ct) => org.Admin.QuotaUsageAsync(ct)));
        }
    }
}
