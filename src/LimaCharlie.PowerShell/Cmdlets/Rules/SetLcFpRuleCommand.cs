using System.Management.Automation;
using System.Text.Json.Nodes;
using LimaCharlie.Client.Api;
using LimaCharlie.PowerShell.Infrastructure;

namespace LimaCharlie.PowerShell.Cmdlets.Rules
{
    /// <summary>Creates or updates false-positive rules in the <c>fp</c> hive, from -Rule, files, or rules piped from Get-LcFpRule.</summary>
    [Cmdlet(VerbsCommon.Set, "LcFpRule", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = ParametersSet)]
    [OutputType(typeof(FpRule))]
    public sealed class SetLcFpRuleCommand : LcRuleWriteCmdlet<FpRule>
    {
        /// <summary>The rule matching the detections to suppress: a hashtable, an object, or YAML/JSON text.</summary>
        [Parameter(Mandatory = true, Position = 1, ParameterSetName = ParametersSet, ValueFromPipelineByPropertyName = true)]
        public object? Rule { get; set; }

        protected override string HiveName => RuleDefinitions.FpHive;
        protected override bool IsDetectionRule => false;

        protected override JsonObject RuleFromParameters() => RuleDefinitions.ValidateFp(RuleParts.Part(Rule, "-Rule", Name), Name, "parameters");
    }
}
