using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using System.Runtime.CompilerServices;

namespace LimaCharlie.PowerShell.Completers
{
    /// <summary>Completes organization permission names (the engine's list, reference §1.4).</summary>
    public sealed class PermissionCompleter : IArgumentCompleter
    {
        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
            CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            var word = wordToComplete.Trim('\'', '"');
            return Names().Where(n => n.StartsWith(word, StringComparison.OrdinalIgnoreCase))
                .Select(n => new CompletionResult(n, n, CompletionResultType.ParameterValue, n));
        }

        // The engine is resolved only when this runs, after the module initializer hooked its load context.
        [MethodImpl(MethodImplOptions.NoInlining)]
        private static IReadOnlyList<string> Names() => LimaCharlie.Client.Api.Permissions.All;
    }
}
