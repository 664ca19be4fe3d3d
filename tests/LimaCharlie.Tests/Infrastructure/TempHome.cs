namespace LimaCharlie.Tests.Infrastructure;

/// <summary>
/// A throw-away home directory and a fake set of environment variables, so credential tests never read the real
/// ones of the machine (and can run in parallel).
/// </summary>
public sealed class TempHome : IDisposable
{
    public TempHome()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "lc-tests-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }
    public Dictionary<string, string> Variables { get; } = new(StringComparer.Ordinal);

    public string? GetVariable(string name) => Variables.TryGetValue(name, out var v) ? v : null;

    /// <summary>Writes a file below the home directory (creating folders) and returns its full path.</summary>
    public string Write(string relativePath, string text)
    {
        var full = System.IO.Path.Combine(Path, relativePath);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
        File.WriteAllText(full, text);
        return full;
    }

    public void Dispose()
    {
        try { Directory.Delete(Path, recursive: true); }
        catch (IOException) { }
    }
}
