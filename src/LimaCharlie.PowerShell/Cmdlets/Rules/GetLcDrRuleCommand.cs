using System.Management.Automation;
using LimaCharlie.Client.Api;
using LimaCharlie.PowerShell.Completers;
using LimaCharlie.PowerShell.Infrastructure;

namespace LimaCharlie.PowerShell.Cmdlets.Rules
{
    /// <summary>Gets D&amp;R rules: the records of the <c>dr-general</c>, <c>dr-managed</c> or <c>dr-service</c> hive.</summary>
    [Cmdlet(VerbsCommon.Get, "LcDrRule")]
    [OutputType(typeof(DrRule))]
    public sealed class GetLcDrRuleCommand : LcOrganizationCmdlet
    {
        [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(HiveKeyCompleter))]
        [ValidatePlainText]
        public string[]? Name { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ValidateSet("general", "managed", "service", IgnoreCase = true)]
        public string Namespace { get; set; } = "general";

        protected override void OnProcess()
        {
            var oid = Organization;
            var hive = RuleDefinitions.DrHive(Namespace);
            if (Name is null || Name.Length == 0)
            {
                WriteObject(InOrganization(oid, (org, ct) => org.Hive.ListAsync<DrRule>(hive, ct)), enumerateCollection: true);
                return;
            }
            foreach (var name in Name)
                ForEachItem(name, () => WriteObject(InOrganization(oid, (org, ct) => org.Hive.GetAsync<DrRule>(hive, name, false, ct))));
        }
    }
}
