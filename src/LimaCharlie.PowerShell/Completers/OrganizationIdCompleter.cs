using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using LimaCharlie.PowerShell.Infrastructure;

namespace LimaCharlie.PowerShell.Completers
{
    /// <summary>
    /// Completes organization ids from what the session already knows (its identity's organizations and the names seen
    /// so far), matching id or name. It never calls the API, so Tab stays instant.
    /// </summary>
    public sealed class OrganizationIdCompleter : IArgumentCompleter
    {
        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
            CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            var session = fakeBoundParameters["Session"] as LimaCharlie.Session
                          ?? (fakeBoundParameters["Session"] as PSObject)?.BaseObject as LimaCharlie.Session
                          ?? SessionStore.ForCurrentRunspace();
            if (session is null) return Array.Empty<CompletionResult>();

            var pattern = new WildcardPattern(wordToComplete.Trim('\'', '"') + "*", WildcardOptions.IgnoreCase);
            return session.KnownOrganizations()
                .Where(o => pattern.IsMatch(o.Id.ToString()) || (o.Name is not null && pattern.IsMatch(o.Name)))
                .OrderBy(o => o.Name ?? o.Id.ToString(), StringComparer.OrdinalIgnoreCase)
                .Select(o => new CompletionResult(o.Id.ToString(), o.Name is null ? o.Id.ToString() : $"{o.Name} ({o.Id})",
                    CompletionResultType.ParameterValue, o.Name ?? o.Id.ToString()))
                .ToArray();
        }
    }
}
