using System.Collections.ObjectModel;
using System.Management.Automation;
using System.Management.Automation.Runspaces;
using System.Reflection;
using LimaCharlie.PowerShell.Infrastructure;

namespace LimaCharlie.Tests.Infrastructure;

/// <summary>
/// A runspace with the module's cmdlets loaded from the build output (no Import-Module), as a script would see them.
/// </summary>
public sealed class PowerShellHost : IDisposable
{
    /// <summary>Every cmdlet class of the module.</summary>
    public static IReadOnlyList<Type> CmdletTypes { get; } = typeof(LcCmdlet).Assembly.GetTypes()
        .Where(t => t.IsClass && !t.IsAbstract && typeof(Cmdlet).IsAssignableFrom(t) && t.GetCustomAttribute<CmdletAttribute>() is not null)
        .OrderBy(t => t.Name)
        .ToList();

    public static string CommandName(Type cmdlet)
    {
        var attribute = cmdlet.GetCustomAttribute<CmdletAttribute>()!;
        return $"{attribute.VerbName}-{attribute.NounName}";
    }

    private readonly Runspace _runspace;

    public PowerShellHost()
    {
        var state = InitialSessionState.CreateDefault2();
        foreach (var type in CmdletTypes) state.Commands.Add(new SessionStateCmdletEntry(CommandName(type), type, null));
        _runspace = RunspaceFactory.CreateRunspace(state);
        _runspace.Open();
    }

    public void SetVariable(string name, object? value) => _runspace.SessionStateProxy.SetVariable(name, value);

    /// <summary>A PowerShell instance on this runspace with <paramref name="script"/> added, for tests that run it asynchronously and stop it.</summary>
    public System.Management.Automation.PowerShell Prepare(string script)
    {
        var ps = System.Management.Automation.PowerShell.Create();
        ps.Runspace = _runspace;
        ps.AddScript(script);
        return ps;
    }

    /// <summary>Runs a script; the result keeps every stream so tests can look for errors and leaks.</summary>
    public ScriptResult Run(string script)
    {
        using var ps = System.Management.Automation.PowerShell.Create();
        ps.Runspace = _runspace;
        ps.AddScript(script);
        var output = ps.Invoke();
        return new ScriptResult(output, ps.Streams.Error.ToList(), ps.Streams.Verbose.Select(v => v.Message).ToList(),
            ps.Streams.Debug.Select(d => d.Message).ToList(), ps.Streams.Warning.Select(w => w.Message).ToList());
    }

    public void Dispose() => _runspace.Dispose();
}

public sealed record ScriptResult(
    Collection<PSObject> Output,
    IReadOnlyList<ErrorRecord> Errors,
    IReadOnlyList<string> Verbose,
    IReadOnlyList<string> Debug,
    IReadOnlyList<string> Warnings)
{
    public IEnumerable<string> AllText =>
        Output.Select(o => o?.ToString() ?? string.Empty)
            .Concat(Errors.Select(e => e.ToString() + " " + e.ErrorDetails?.Message + " " + e.ErrorDetails?.RecommendedAction))
            .Concat(Verbose).Concat(Debug).Concat(Warnings);

    /// <summary>The one object the script wrote, of type <typeparamref name="T"/> (fails the test otherwise).</summary>
    public T Single<T>() => Xunit.Assert.IsType<T>(Xunit.Assert.Single(Output).BaseObject);
}
