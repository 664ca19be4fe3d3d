using System.Management.Automation;
using System.Reflection;
using System.Security;
using System.Text.RegularExpressions;
using LimaCharlie.PowerShell.Infrastructure;
using LimaCharlie.Tests.Infrastructure;
using Xunit;

namespace LimaCharlie.Tests.Cmdlets;

/// <summary>Rules every cmdlet of the module follows, checked by reflection.</summary>
public class CmdletConventionTests
{
    private static readonly HashSet<string> ApprovedVerbs = new[]
        {
            typeof(VerbsCommon), typeof(VerbsCommunications), typeof(VerbsData), typeof(VerbsDiagnostic),
            typeof(VerbsLifecycle), typeof(VerbsOther), typeof(VerbsSecurity),
        }
        .SelectMany(t => t.GetFields(BindingFlags.Public | BindingFlags.Static))
        .Where(f => f.IsLiteral && f.FieldType == typeof(string))
        .Select(f => (string)f.GetRawConstantValue()!)
        .ToHashSet(StringComparer.OrdinalIgnoreCase);

    private static readonly string[] StateChangingVerbs = { "New", "Set", "Remove", "Add", "Invoke" };

    private static readonly Regex SecretName = new("ApiKey|Secret|Password|Token|Jwt", RegexOptions.IgnoreCase);

    public static TheoryData<string> Cmdlets()
    {
        var data = new TheoryData<string>();
        foreach (var type in PowerShellHost.CmdletTypes) data.Add(type.FullName!);
        return data;
    }

    private static Type CmdletType(string name) => PowerShellHost.CmdletTypes.Single(t => t.FullName == name);

    private static IEnumerable<PropertyInfo> Parameters(Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.GetCustomAttributes<ParameterAttribute>().Any());

    [Fact]
    public void TheModuleHasItsCmdlets()
    {
        var names = PowerShellHost.CmdletTypes.Select(PowerShellHost.CommandName).ToList();

        Assert.Contains("Connect-LcOrg", names);
        Assert.Contains("Invoke-LcApi", names);
        Assert.All(names, n => Assert.Matches(@"^[A-Z][a-z]+-Lc[A-Z]\w+$", n));

        // One cmdlet class per file under Cmdlets/: every *Command.cs there is a cmdlet these tests see (when run from the
        // repo), and every cmdlet has one. The other files there are an area's own base class or helper.
        var folder = SourceFolder("src/LimaCharlie.PowerShell/Cmdlets");
        if (folder is null) return;
        var files = Directory.GetFiles(folder, "*Command.cs", SearchOption.AllDirectories).Select(Path.GetFileNameWithoutExtension).OrderBy(n => n);
        Assert.Equal(files, PowerShellHost.CmdletTypes.Select(t => t.Name).OrderBy(n => n));
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

    [Theory]
    [MemberData(nameof(Cmdlets))]
    public void VerbIsApproved(string cmdlet)
    {
        Assert.Contains(CmdletType(cmdlet).GetCustomAttribute<CmdletAttribute>()!.VerbName, ApprovedVerbs);
    }

    [Theory]
    [MemberData(nameof(Cmdlets))]
    public void OutputTypeIsDeclared(string cmdlet)
    {
        Assert.NotEmpty(CmdletType(cmdlet).GetCustomAttributes<OutputTypeAttribute>());
    }

    [Theory]
    [MemberData(nameof(Cmdlets))]
    public void StateChangesSupportShouldProcess(string cmdlet)
    {
        var attribute = CmdletType(cmdlet).GetCustomAttribute<CmdletAttribute>()!;
        if (StateChangingVerbs.Contains(attribute.VerbName))
            Assert.True(attribute.SupportsShouldProcess, $"{PowerShellHost.CommandName(CmdletType(cmdlet))} changes state but has no -WhatIf/-Confirm");
    }

    [Theory]
    [MemberData(nameof(Cmdlets))]
    public void NoSecretTravelsAsAString(string cmdlet)
    {
        var offenders = Parameters(CmdletType(cmdlet))
            .Where(p => (p.PropertyType == typeof(string) || p.PropertyType == typeof(string[])) && SecretName.IsMatch(p.Name))
            .Select(p => p.Name);

        Assert.Empty(offenders);
    }

    [Fact]
    public void OnlyReadersBindTheOrganizationFromPipedObjects()
    {
        // Writers that copy objects between organizations override -OrganizationId without the binding, so
        // Get-LcDrRule -Session $a | Set-LcDrRule -Session $b writes into $b's organization, not back into $a's.
        // The uploads take files, which carry no organization. Test-LcDrRule evaluates rules piped from another
        // session in its own session's organization, as the writers copy them.
        string[] copyingWriters =
        {
            "New-LcInstallationKey", "New-LcOutput", "Send-LcPayload", "Send-LcArtifact", "Set-LcOrgValue", "Set-LcHiveRecord", "Set-LcDrRule",
            "Set-LcFpRule", "Test-LcDrRule",
        };
        var bound = PowerShellHost.CmdletTypes
            .Where(t => typeof(LcOrganizationCmdlet).IsAssignableFrom(t))
            .Select(t => (Name: PowerShellHost.CommandName(t), Parameters: new CommandMetadata(t).Parameters))
            .ToDictionary(c => c.Name, c => c.Parameters["OrganizationId"].ParameterSets.Values.Any(p => p.ValueFromPipelineByPropertyName));

        Assert.All(copyingWriters, w => Assert.False(bound[w], $"{w} binds -OrganizationId from piped objects"));
        Assert.Contains("Get-LcSensor", bound.Keys);
        Assert.All(bound.Where(b => !copyingWriters.Contains(b.Key)), b => Assert.True(b.Value, $"{b.Key} does not bind -OrganizationId from piped objects"));
    }

    [Fact]
    public void ApiKeyParametersAreSecureStrings()
    {
        var apiKeys = PowerShellHost.CmdletTypes.SelectMany(Parameters).Where(p => p.Name == "ApiKey").ToList();

        Assert.NotEmpty(apiKeys);
        Assert.All(apiKeys, p => Assert.Equal(typeof(SecureString), p.PropertyType));
    }

    [Fact]
    public void OutputTypesHaveNoPlainTextSecretProperty()
    {
        var outputTypes = PowerShellHost.CmdletTypes
            .SelectMany(t => t.GetCustomAttributes<OutputTypeAttribute>())
            .SelectMany(a => a.Type)
            .Select(t => t.Type)
            .Where(t => t is not null && t.Assembly != typeof(string).Assembly)
            .Distinct()
            .ToList();

        Assert.Contains(typeof(LimaCharlie.Jwt), outputTypes);
        foreach (var type in outputTypes)
        foreach (var property in type!.GetProperties(BindingFlags.Public | BindingFlags.Instance))
            Assert.False(property.PropertyType == typeof(string) && SecretName.IsMatch(property.Name), $"{type.Name}.{property.Name}");
    }
}
