using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Text.Json.Nodes;
using LimaCharlie.Client.Api;
using LimaCharlie.PowerShell.Completers;
using LimaCharlie.PowerShell.Infrastructure;

namespace LimaCharlie.PowerShell.Cmdlets.Rules
{
    /// <summary>
    /// Writing D&amp;R and false-positive rules: from parameters (or objects piped from a Get- cmdlet of another session)
    /// or from YAML/JSON files with -Path, read in the format Export-LcOrgConfig writes (a file's enabled, tags, comment
    /// and expiry are honoured; the metadata parameters, when given, win). Every file is read and checked before
    /// anything is written, so a broken file stops the command with nothing half-applied; then each rule is checked by
    /// the service (<see cref="RuleChecks"/>), and one it refuses is a per-item error while the others are written.
    /// </summary>
    public abstract class LcRuleWriteCmdlet<TRule> : LcRecordWriteCmdlet where TRule : HiveRecord, new()
    {
        protected const string ParametersSet = "Parameters";
        protected const string PathSet = "Path";

        [Parameter(Mandatory = true, Position = 0, ParameterSetName = ParametersSet, ValueFromPipelineByPropertyName = true)]
        [Alias("Key")]
        [ValidateNotNullOrEmpty]
        [ArgumentCompleter(typeof(HiveKeyCompleter))]
        [ValidatePlainText]
        public string Name { get; set; } = string.Empty;

        /// <summary>
        /// YAML or JSON files (wildcards allowed), or folders whose *.yaml, *.yml and *.json files are read; each file holds
        /// one rule or a mapping of rule names to rules.
        /// </summary>
        [Parameter(Mandatory = true, ParameterSetName = PathSet)]
        [SupportsWildcards]
        [ValidateNotNullOrEmpty]
        public string[] Path { get; set; } = Array.Empty<string>();

        /// <summary>Writes the rules without asking the service to check them first.</summary>
        [Parameter]
        public SwitchParameter SkipValidation { get; set; }

        protected abstract string HiveName { get; }
        protected abstract bool IsDetectionRule { get; }
        /// <summary>The rule given as parameters, as the JSON the hive stores.</summary>
        protected abstract JsonObject RuleFromParameters();

        protected override object? ErrorTarget => ParameterSetName == PathSet ? string.Join(", ", Path) : Name;

        protected override void OnProcess()
        {
            var oid = Organization;
            var hive = HiveName;
            var change = MetadataChange();
            var rules = ParameterSetName == PathSet
                ? RuleFiles.Resolve(this, Path).SelectMany(file => RuleDefinitions.LoadFile(file, IsDetectionRule, Warn)).ToList()
                : new List<RuleDefinition> { new(Name, RuleFromParameters(), new ConfigMetadata(), "parameters") };
            var duplicate = rules.GroupBy(r => r.Name).FirstOrDefault(g => g.Count() > 1);
            if (duplicate is not null)
                throw new LcConfigurationException($"The rule '{duplicate.Key}' is defined more than once ({string.Join(", ", duplicate.Select(r => r.Origin))}).",
                    ErrorIds.InvalidRule, "Give each rule one name.");

            var checks = new RuleChecks(this, oid, Warn);
            var valid = SkipValidation ? rules : rules.Where(r => checks.Accepts(hive, r)).ToList();
            foreach (var rule in valid)
            {
                var metadata = rule.Metadata.ToChange(change);
                if (!ShouldProcess(InTargetOrganization($"{hive}/{rule.Name}"), SetAction(metadata))) continue;
                ForEachItem(rule.Name, () =>
                {
                    InOrganization(oid, (org, ct) => org.Hive.SetAsync(hive, rule.Name, rule.Body.ToJsonString(), metadata, Etag, ct));
                    if (PassThru) WriteObject(InOrganization(oid, (org, ct) => org.Hive.GetAsync<TRule>(hive, rule.Name, false, ct)));
                });
            }
        }

        private static string SetAction(HiveMetadataChange metadata) => metadata.Enabled switch
        {
            false => "Set rule (disabled)",
            true => "Set rule (enabled)",
            null => "Set rule",
        };
    }
}
