using System.Management.Automation;
using System.Reflection;
using System.Text.RegularExpressions;
using LimaCharlie.PowerShell.Infrastructure;
using Xunit;

namespace LimaCharlie.Tests.Engine;

/// <summary>The error-id catalog: one entry per id, and the error records built from it.</summary>
public class ErrorIdsTests
{
    private static readonly PropertyInfo[] Members = typeof(ErrorIds).GetProperties(BindingFlags.Public | BindingFlags.Static)
        .Where(p => p.PropertyType == typeof(ErrorKind)).ToArray();

    public static TheoryData<string> Ids()
    {
        var data = new TheoryData<string>();
        foreach (var kind in ErrorIds.All) data.Add(kind.Id);
        return data;
    }

    private static ErrorKind Kind(string id) => ErrorIds.All.Single(k => k.Id == id);

    [Fact]
    public void EveryMemberIsListedOnceUnderItsOwnName()
    {
        Assert.True(Members.Length > 60);
        Assert.All(Members, p => Assert.Equal("LimaCharlie." + p.Name, ((ErrorKind)p.GetValue(null)!).Id));
        Assert.Equal(Members.Length, ErrorIds.All.Select(k => k.Id).Distinct().Count());
        Assert.Equal(ErrorIds.All.Select(k => k.Id).Order(StringComparer.Ordinal), ErrorIds.All.Select(k => k.Id));
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public void TheCategoryIsAPowerShellErrorCategory(string id)
    {
        Assert.True(Enum.TryParse<ErrorCategory>(Kind(id).Category, ignoreCase: false, out _), $"{id}: '{Kind(id).Category}'");
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public void AnErrorRecordTakesIdCategoryAndAdviceFromTheCatalog(string id)
    {
        var kind = Kind(id);

        var record = ErrorRecords.Of(new InvalidOperationException("what failed"), kind, "target");

        Assert.Equal(id, record.FullyQualifiedErrorId);
        Assert.Equal(kind.Category, record.CategoryInfo.Category.ToString());
        Assert.Equal(kind.RecommendedAction, record.ErrorDetails?.RecommendedAction);
        Assert.Equal("target", record.TargetObject);
    }

    [Fact]
    public void TheAdviceOfTheRaisingCodeWinsOverTheDefault()
    {
        var specific = new LcApiException("gone", 404, null, "GET", "/v1/x", ErrorIds.NotFound, "Get-LcOutput lists the outputs.");
        var general = new LcApiException("gone", 404, null, "GET", "/v1/x", ErrorIds.NotFound);

        Assert.Equal("Get-LcOutput lists the outputs.", ErrorRecords.FromApi(specific, null).ErrorDetails?.RecommendedAction);
        Assert.Equal(ErrorIds.NotFound.RecommendedAction, general.RecommendedAction);
        Assert.Equal(ErrorIds.NotFound.RecommendedAction, ErrorRecords.FromApi(general, null).ErrorDetails?.RecommendedAction);
        Assert.Null(ErrorRecords.FromApi(new LcApiException("teapot", 418, null, "GET", "/v1/x", ErrorIds.HttpError), null).ErrorDetails);
    }

    [Fact]
    public void ACallerThatKnowsACloserCategoryKeepsIt()
    {
        var record = ErrorRecords.Of(new UnauthorizedAccessException("denied"), ErrorIds.FileWriteFailed, "f", category: ErrorCategory.PermissionDenied);

        Assert.Equal(ErrorCategory.PermissionDenied, record.CategoryInfo.Category);
        Assert.Equal("LimaCharlie.FileWriteFailed", record.FullyQualifiedErrorId);
    }

    [Theory]
    [MemberData(nameof(Ids))]
    public void AConfigurationProblemGoesOnWithTheNextItemExactlyWhenTheCatalogSaysPerItem(string id)
    {
        Assert.Equal(Kind(id).PerItem, ErrorRecords.IsItemProblem(new LcConfigurationException("x", Kind(id))));
    }

    [Fact]
    public void TheCatalogKeepsWhatStopsACommandAndWhatConcernsOneItem()
    {
        string[] stopping =
        [
            "NotConnected", "SessionClosed", "NoCredentials", "EnvironmentNotFound", "EnvironmentIncomplete", "ConfigFileNotFound",
            "ConfigFileUnreadable", "ConfigFileInvalid", "InvalidOrganizationId", "InvalidUserId", "EmptyApiKey", "InvalidCredential",
            "MissingOrganizationId", "OrganizationRequired", "UserKeyRequired", "InsecureUrl", "InvalidUrl", "AuthenticationFailed", "IngestionKeyRefused",
            "Unauthorized", "Forbidden", "RequestTooLarge", "ServiceNotSubscribed", "StreamRefused", "StreamFailed", "InvalidArgument", "InvalidIpAddress", "ConfirmationRequired",
        ];

        Assert.Equal(stopping.Select(n => "LimaCharlie." + n).Order(StringComparer.Ordinal),
            ErrorIds.All.Where(k => !k.PerItem).Select(k => k.Id));
    }

    private static readonly Regex IdLiteral = new("\"(LimaCharlie\\.[A-Z][A-Za-z]*)\"", RegexOptions.Compiled);

    /// <summary>Names that look like ids but are assemblies, a load context and keys of request properties.</summary>
    private static readonly string[] NotIds =
    [
        "LimaCharlie.Client", "LimaCharlie.Models", "LimaCharlie.PowerShell", "LimaCharlie.Tests", "LimaCharlie.Engine",
        "LimaCharlie.RequestContext", "LimaCharlie.RetryState",
    ];

    [Fact]
    public void TheSourceNamesErrorIdsOnlyThroughTheCatalog()
    {
        var src = SourceFolder("src");
        if (src is null) return;
        var offenders = Directory.GetFiles(src, "*.cs", SearchOption.AllDirectories)
            .Where(f => !Path.GetRelativePath(src, f).Split(Path.DirectorySeparatorChar).Any(part => part is "obj" or "bin"))
            .SelectMany(f => File.ReadLines(f).Select((line, i) => (File: Path.GetRelativePath(src, f), Line: i + 1, Text: line)))
            .Where(l => IdLiteral.Matches(l.Text).Any(m => !NotIds.Contains(m.Groups[1].Value)))
            .Select(l => $"{l.File}:{l.Line}: {l.Text.Trim()}")
            .ToList();

        Assert.True(offenders.Count == 0, "Name error ids as ErrorIds members (src/LimaCharlie.Models/ErrorIds.cs):\n" + string.Join("\n", offenders));
    }

    private static string? SourceFolder(string relative)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, relative, "LimaCharlie.Models");
            if (Directory.Exists(candidate)) return Path.Combine(dir.FullName, relative);
        }
        return null;
    }
}
