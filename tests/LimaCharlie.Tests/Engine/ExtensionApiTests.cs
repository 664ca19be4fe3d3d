using System;
using System.Linq;
using System.Text.Json;
using LimaCharlie.Client.Api;
using LimaCharlie.Client.Json;
using Xunit;

namespace LimaCharlie.Tests.Engine;

/// <summary>The shapes of extension answers (definitions keyed by name or listed, the request envelope) and gzdata.</summary>
public class ExtensionApiTests
{
    private static JsonElement Json(string text) => JsonDocument.Parse(text).RootElement.Clone();

    [Fact]
    public void DefinitionsKeyedByNameAndListedReadAlike()
    {
        var keyed = ExtensionApi.Definitions(Json("""{"ext-a": {"label": "A"}, "ext-b": {"label": "B"}, "note": "x"}""")).ToList();
        var listed = ExtensionApi.Definitions(Json("""[{"name": "ext-a", "label": "A"}, {"ext_name": "ext-b", "label": "B"}, {"label": "nameless"}]""")).ToList();

        Assert.Equal(new[] { "ext-a", "ext-b" }, keyed.Select(d => d.Name));
        Assert.Equal(new[] { "ext-a", "ext-b" }, listed.Select(d => d.Name));
        Assert.Equal("B", listed[1].Definition.GetProperty("label").GetString());
    }

    [Fact]
    public void ParseNamesTheKnownFieldsAndKeepsTheRest()
    {
        var extension = ExtensionApi.Parse("ext-a",
            Json("""{"name": "ext-a", "label": "A", "short_description": "does a", "tags": ["t"], "required_permissions": ["sensor.list"], "author": "me"}"""),
            Guid.Empty);

        Assert.Equal("does a", extension.Description);
        Assert.Equal(new[] { "sensor.list" }, extension.Permissions);
        Assert.Equal("me", extension.Definition["author"]);
        Assert.False(extension.Definition.ContainsKey("label"));
    }

    [Fact]
    public void EnvelopeGivesItsData()
    {
        var data = ExtensionApi.Unwrap(Json("""{"data": {"id": 7}, "error": "", "retry": false}"""), "ext-a", "go", "/p");

        Assert.Equal(7, data.GetProperty("id").GetInt32());
    }

    [Fact]
    public void EnvelopeErrorAndRetryBecomeExceptions()
    {
        var error = Assert.Throws<LcApiException>(() => ExtensionApi.Unwrap(Json("""{"data": {}, "error": "bad input"}"""), "ext-a", "go", "/p"));
        var retry = Assert.Throws<LcApiException>(() => ExtensionApi.Unwrap(Json("""{"error": "busy", "retry": true}"""), "ext-a", "go", "/p"));

        Assert.Equal("LimaCharlie.ExtensionError", error.ErrorId);
        Assert.Contains("bad input", error.Message);
        Assert.Equal("LimaCharlie.ExtensionRetry", retry.ErrorId);
        Assert.Contains("not repeated automatically", retry.RecommendedAction);
    }

    [Fact]
    public void GzdataRoundTrips()
    {
        var packed = CompressedJson.Encode("""{"task": "os_version", "n": 1}""");

        using var doc = CompressedJson.Open(Json(JsonSerializer.Serialize(packed)));
        Assert.Equal("os_version", doc.RootElement.GetProperty("task").GetString());
        Assert.Equal(0x1f, Convert.FromBase64String(packed)[0]);
    }

    [Theory]
    [InlineData("sensor list")]
    [InlineData("sensor")]
    [InlineData("")]
    [InlineData(".get")]
    public void MalformedPermissionNamesAreRefused(string name)
    {
        Assert.Throws<ArgumentException>(() => Permissions.Normalize(new[] { name }));
    }

    [Fact]
    public void PermissionNamesAreTrimmedAndDeduplicatedInOrder()
    {
        Assert.Equal(new[] { "sensor.list", "dr.set", "new.perm" }, Permissions.Normalize(new[] { " sensor.list", "dr.set", "sensor.list", "new.perm" }));
        Assert.Contains("ext.request", Permissions.All);
        Assert.Contains("secret.get.mtd", Permissions.All);
    }
}
