using System;
using System.Management.Automation;
using LimaCharlie.Client.Api;
using LimaCharlie.PowerShell.Completers;
using LimaCharlie.PowerShell.Infrastructure;

namespace LimaCharlie.PowerShell.Cmdlets.Rules
{
    /// <summary>Deletes D&amp;R rules from the <c>dr-&lt;namespace&gt;</c> hive.</summary>
    [Cmdlet(VerbsCommon.Remove, "LcDrRule", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
    [OutputType(typeof(void))]
    public sealed class RemoveLcDrRuleCommand : LcOrganizationCmdlet
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [Alias("Key")]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(HiveKeyCompleter))]
        [ValidatePlainText]
        public string[] Name { get; set; } = Array.Empty<string>();

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ValidateSet("general", "managed", "service", IgnoreCase = true)]
        public string Namespace { get; set; } = "general";

        /// <summary>Skips the confirmation prompt (not -WhatIf).</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        protected override void OnProcess()
        {
            var connection = Connection;
            var oid = Organization;
            var hive = RuleDefinitions.DrHive(Namespace);
            RemoveEach(Name, Force, name => InTargetOrganization($"{hive}/{name}"), "Delete the rule",
                (name, log, ct) => connection.Organization(oid, log).Hive.DeleteAsync(hive, name, ct));
        }
    }
}
