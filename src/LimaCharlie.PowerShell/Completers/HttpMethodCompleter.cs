using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using LimaCharlie.PowerShell.Cmdlets.Api;

namespace LimaCharlie.PowerShell.Completers
{
    /// <summary>Completes the HTTP methods the LimaCharlie API uses.</summary>
    public sealed class HttpMethodCompleter : IArgumentCompleter
    {
        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
            CommandAst commandAst, IDictionary fakeBoundParameters) =>
            InvokeLcApiCommand.Methods.Where(m => m.StartsWith(wordToComplete.Trim('\'', '"'), StringComparison.OrdinalIgnoreCase))
                .Select(m => new CompletionResult(m, m, CompletionResultType.ParameterValue, m));
    }
}
