using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;

namespace LimaCharlie.PowerShell.Completers
{
    /// <summary>Completes common artifact parse hints (any other hint is accepted too).</summary>
    public sealed class ArtifactHintCompleter : IArgumentCompleter
    {
        private static readonly string[] Hints = { "txt", "json", "pcap", "evtx", "dmp", "zip" };

        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
            CommandAst commandAst, IDictionary fakeBoundParameters) =>
            Hints.Where(h => h.StartsWith(wordToComplete.Trim('\'', '"'), StringComparison.OrdinalIgnoreCase))
                .Select(h => new CompletionResult(h, h, CompletionResultType.ParameterValue, h));
    }
}
