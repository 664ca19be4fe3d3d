using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;

namespace LimaCharlie.PowerShell.Completers
{
    /// <summary>Completes the names of the common LimaCharlie extensions (offline: no call to the API while typing).</summary>
    public sealed class ExtensionNameCompleter : IArgumentCompleter
    {
        internal static readonly string[] Names =
        {
            "ext-reliable-tasking", "ext-cases", "ext-infrastructure", "ext-vulnerability-reporting", "ext-cloud-security",
            "ext-email-security", "ext-plaso",
        };

        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
            CommandAst commandAst, IDictionary fakeBoundParameters) =>
            Names.Where(n => n.StartsWith(wordToComplete.Trim('\'', '"'), StringComparison.OrdinalIgnoreCase))
                .Select(n => new CompletionResult(n, n, CompletionResultType.ParameterValue, n));
    }
}
