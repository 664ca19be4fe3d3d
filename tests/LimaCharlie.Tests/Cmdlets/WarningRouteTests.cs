using System.Text.RegularExpressions;
using Xunit;

namespace LimaCharlie.Tests.Cmdlets;

/// <summary>
/// Every warning of the module goes through Infrastructure/Warnings.cs, the one place that keeps -Debug from turning
/// warnings into prompts (which fail in a non-interactive session). A direct WriteWarning call would bring them back.
/// </summary>
public class WarningRouteTests
{
    private static readonly Regex DirectCall = new(@"\bWriteWarning\b", RegexOptions.Compiled);

    [Fact]
    public void NoCmdletCallsWriteWarningDirectly()
    {
        var folder = SourceFolder("src/LimaCharlie.PowerShell");
        if (folder is null) return; // not run from the repository
        var offenders = Directory.GetFiles(folder, "*.cs", SearchOption.AllDirectories)
            .Where(f => Path.GetFileName(f) != "Warnings.cs")
            .Where(f => !Path.GetRelativePath(folder, f).Split(Path.DirectorySeparatorChar).Any(part => part is "obj" or "bin"))
            .SelectMany(f => File.ReadLines(f).Select((line, i) => (File: Path.GetRelativePath(folder, f), Line: i + 1, Text: line)))
            .Where(l => DirectCall.IsMatch(l.Text))
            .Select(l => $"{l.File}:{l.Line}: {l.Text.Trim()}")
            .ToList();

        Assert.True(offenders.Count == 0, "Write warnings with Warnings.Write(cmdlet, text):\n" + string.Join("\n", offenders));
    }

    private static string? SourceFolder(string relative)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, relative);
            if (Directory.Exists(candidate)) return candidate;
        }
        return null;
    }
}
