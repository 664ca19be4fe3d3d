using System;
using System.Collections;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Management.Automation.Language;
using LimaCharlie.Client.Credentials;

namespace LimaCharlie.PowerShell.Completers
{
    /// <summary>Completes the environment names of the official CLI's config file (-CredentialFile, LC_CREDS_FILE, or the usual places).</summary>
    public sealed class EnvironmentCompleter : IArgumentCompleter
    {
        public IEnumerable<CompletionResult> CompleteArgument(string commandName, string parameterName, string wordToComplete,
            CommandAst commandAst, IDictionary fakeBoundParameters)
        {
            try
            {
                var path = fakeBoundParameters["CredentialFile"] as string ?? Environment.GetEnvironmentVariable("LC_CREDS_FILE");
                var home = Environment.GetEnvironmentVariable("HOME") ?? Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
                path ??= ConfigFile.Candidates(Environment.GetEnvironmentVariable, home).FirstOrDefault(File.Exists);
                if (path is null || !File.Exists(path)) return Array.Empty<CompletionResult>();
                var pattern = new WildcardPattern(wordToComplete.Trim('\'', '"') + "*", WildcardOptions.IgnoreCase);
                return ConfigFile.Load(path).EnvironmentNames()
                    .Where(pattern.IsMatch)
                    .Select(n => new CompletionResult(n.Contains(' ') ? $"'{n}'" : n, n, CompletionResultType.ParameterValue, n))
                    .ToArray();
            }
            catch (LcConfigurationException)
            {
                return Array.Empty<CompletionResult>();
            }
        }
    }
}
