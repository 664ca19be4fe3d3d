using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;

namespace LimaCharlie.PowerShell.Completers
{
    /// <summary>Completes the hive names the official CLI knows.</summary>
    public sealed class HiveNameCompleter : IArgumentCompleter
    {
        internal static readonly string[] Names =
        {
            "dr-general", "dr-managed", "dr-service", "fp", "cloud_sensor", "extension_config", "yara", "lookup", "secret", "query",
            "playbook", "ai_agent", "ai_skill", "ai_memory", "external_adapter", "sop", "org_notes", "app", "ai_cost_model", "model",
        };

        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
            CommandAst commandAst, IDictionary fakeBoundParameters) =>
            Names.Where(n => n.StartsWith(wordToComplete.Trim('\'', '"'), StringComparison.OrdinalIgnoreCase))
                .Select(n => new CompletionResult(n, n, CompletionResultType.ParameterValue, n));
    }
}
