using System.Management.Automation;
using System.Text.Json.Nodes;
using LimaCharlie.Client.Api;
using LimaCharlie.PowerShell.Infrastructure;

namespace LimaCharlie.PowerShell.Cmdlets.Rules
{
    /// <summary>
    /// Creates or updates D&amp;R rules in the <c>dr-&lt;namespace&gt;</c> hive, from -Detect/-Respond, from YAML or JSON
    /// files, or from rules piped from Get-LcDrRule (of this or another session).
    /// </summary>
    [Cmdlet(VerbsCommon.Set, "LcDrRule", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = ParametersSet)]
    [OutputType(typeof(DrRule))]
    public sealed class SetLcDrRuleCommand : LcRuleWriteCmdlet<DrRule>
    {
        /// <summary>The detection: a hashtable, an object, or YAML/JSON text.</summary>
        [Parameter(Mandatory = true, Position = 1, ParameterSetName = ParametersSet, ValueFromPipelineByPropertyName = true)]
        public object? Detect { get; set; }

        /// <summary>The response: a list of actions (hashtables, objects) or YAML/JSON text.</summary>
        [Parameter(Mandatory = true, Position = 2, ParameterSetName = ParametersSet, ValueFromPipelineByPropertyName = true)]
        public object? Respond { get; set; }

        [Parameter(ValueFromPipelineByPropertyName = true)]
        [ValidateSet("general", "managed", "service", IgnoreCase = true)]
        public string Namespace { get; set; } = "general";

        protected override string HiveName => RuleDefinitions.DrHive(Namespace);
        protected override bool IsDetectionRule => true;

        protected override JsonObject RuleFromParameters() => RuleDefinitions.ValidateDr(new JsonObject
        {
            ["detect"] = RuleParts.PartOrList(Detect, "-Detect", Name),
            ["respond"] = RuleParts.PartOrList(Respond, "-Respond", Name),
        }, Name, "parameters");
    }
}
