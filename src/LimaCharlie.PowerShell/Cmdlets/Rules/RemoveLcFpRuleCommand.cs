using System;
using System.Management.Automation;
using LimaCharlie.Client.Api;
using LimaCharlie.PowerShell.Completers;
using LimaCharlie.PowerShell.Infrastructure;

namespace LimaCharlie.PowerShell.Cmdlets.Rules
{
    /// <summary>Deletes false-positive rules from the <c>fp</c> hive.</summary>
    [Cmdlet(VerbsCommon.Remove, "LcFpRule", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High)]
    [OutputType(typeof(void))]
    public sealed class RemoveLcFpRuleCommand : LcOrganizationCmdlet
    {
        [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
        [Alias("Key")]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(HiveKeyCompleter))]
        [ValidatePlainText]
        public string[] Name { get; set; } = Array.Empty<string>();

        /// <summary>Skips the confirmation prompt (not -WhatIf).</summary>
        [Parameter]
        public SwitchParameter Force { get; set; }

        protected override void OnProcess()
        {
            var connection = Connection;
            var oid = Organization;
            RemoveEach(Name, Force, name => InTargetOrganization($"{RuleDefinitions.FpHive}/{name}"), "Delete the rule",
                (name, log, ct) => connection.Organization(oid, log).Hive.DeleteAsync(RuleDefinitions.FpHive, name, ct));
        }
    }
}
