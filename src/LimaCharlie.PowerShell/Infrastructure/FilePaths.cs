using System;
using System.Collections.Generic;
using System.IO;
using System.Management.Automation;

namespace LimaCharlie.PowerShell.Infrastructure
{
    /// <summary>The files a -Path of a sending cmdlet names (wildcards resolved); a path that matches nothing, or a folder, is a non-terminating error.</summary>
    internal static class FilePaths
    {
        public static List<string> ResolveFiles(PSCmdlet cmdlet, IEnumerable<string> paths)
        {
            var files = new List<string>();
            foreach (var path in paths)
            {
                try
                {
                    var resolved = cmdlet.GetResolvedProviderPathFromPSPath(path, out var provider);
                    if (provider.ImplementingType != typeof(Microsoft.PowerShell.Commands.FileSystemProvider))
                        throw new ArgumentException($"'{path}' is not a file system path.");
                    if (resolved.Count == 0)
                        throw new ItemNotFoundException($"No file matches '{path}'.");
                    foreach (var file in resolved)
                    {
                        if (Directory.Exists(file)) cmdlet.WriteError(ErrorRecords.Of(new IOException($"'{file}' is a folder, not a file."), ErrorIds.PathIsFolder, file));
                        else files.Add(file);
                    }
                }
                catch (ItemNotFoundException e)
                {
                    cmdlet.WriteError(ErrorRecords.Of(e, ErrorIds.FileNotFound, path));
                }
            }
            return files;
        }
    }
}
