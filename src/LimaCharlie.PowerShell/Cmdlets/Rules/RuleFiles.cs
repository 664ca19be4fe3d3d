using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;

namespace LimaCharlie.PowerShell.Cmdlets.Rules
{
    /// <summary>The rule files a -Path names: wildcards resolved, folders expanded to their *.yaml, *.yml and *.json files, in name order.</summary>
    internal static class RuleFiles
    {
        public static IEnumerable<string> Resolve(PSCmdlet cmdlet, IEnumerable<string> paths)
        {
            foreach (var path in paths)
            {
                System.Collections.ObjectModel.Collection<string> resolved;
                try
                {
                    resolved = WildcardPattern.ContainsWildcardCharacters(path)
                        ? cmdlet.GetResolvedProviderPathFromPSPath(path, out _)
                        : new System.Collections.ObjectModel.Collection<string> { cmdlet.GetUnresolvedProviderPathFromPSPath(path) };
                }
                catch (Exception e) when (e is SessionStateException or NotSupportedException)
                {
                    throw new LcConfigurationException($"No rule file matches '{path}'.", ErrorIds.InvalidRule, "Check -Path.", e);
                }
                foreach (var item in resolved)
                {
                    if (System.IO.Directory.Exists(item))
                    {
                        foreach (var file in System.IO.Directory.EnumerateFiles(item)
                                     .Where(f => f.EndsWith(".yaml", StringComparison.OrdinalIgnoreCase) || f.EndsWith(".yml", StringComparison.OrdinalIgnoreCase)
                                                 || f.EndsWith(".json", StringComparison.OrdinalIgnoreCase))
                                     .OrderBy(f => f, StringComparer.Ordinal))
                            yield return file;
                    }
                    else if (System.IO.File.Exists(item)) yield return item;
                    else throw new LcConfigurationException($"The rule file '{item}' does not exist.", ErrorIds.InvalidRule, "Check -Path.");
                }
            }
        }
    }
}
