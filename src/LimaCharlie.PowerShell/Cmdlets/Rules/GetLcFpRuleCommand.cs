using System.Management.Automation;
using LimaCharlie.Client.Api;
using LimaCharlie.PowerShell.Completers;
using LimaCharlie.PowerShell.Infrastructure;

namespace LimaCharlie.PowerShell.Cmdlets.Rules
{
    /// <summary>Gets false-positive rules: the records of the <c>fp</c> hive.</summary>
    [Cmdlet(VerbsCommon.Get, "LcFpRule")]
    [OutputType(typeof(FpRule))]
    public sealed class GetLcFpRuleCommand : LcOrganizationCmdlet
    {
        [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(HiveKeyCompleter))]
        [ValidatePlainText]
        public string[]? Name { get; set; }

        protected override void OnProcess()
        {
            var oid = Organization;
            if (Name is null || Name.Length == 0)
            {
                WriteObject(InOrganization(oid, (org, ct) => org.Hive.ListAsync<FpRule>(RuleDefinitions.FpHive, ct)), enumerateCollection: true);
                return;
            }
            foreach (var name in Name)
                ForEachItem(name, () => WriteObject(InOrganization(oid, (org, ct) => org.Hive.GetAsync<FpRule>(RuleDefinitions.FpHive, name, false, ct))));
        }
    }
}
