using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using System.Runtime.CompilerServices;

namespace LimaCharlie.PowerShell.Completers
{
    /// <summary>Completes the hive names the official CLI knows (the engine's list).</summary>
    public sealed class HiveNameCompleter : IArgumentCompleter
    {
        internal static IReadOnlyList<string> Names => KnownHives();

        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
            CommandAst commandAst, IDictionary fakeBoundParameters) =>
            Names.Where(n => n.StartsWith(wordToComplete.Trim('\'', '"'), StringComparison.OrdinalIgnoreCase))
                .Select(n => new CompletionResult(n, n, CompletionResultType.ParameterValue, n));

        // The engine is resolved only when this runs, after the module initializer hooked its load context.
        [MethodImpl(MethodImplOptions.NoInlining)]
        private static IReadOnlyList<string> KnownHives() => LimaCharlie.Client.Api.HiveApi.KnownHives;
    }
}
