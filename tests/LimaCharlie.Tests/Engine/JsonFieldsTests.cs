using System;
using System.Text.Json;
using LimaCharlie.Client.Api;
using LimaCharlie.Client.Json;
using Xunit;

namespace LimaCharlie.Tests.Engine;

/// <summary>A model's fields are one table: what it reads is exactly what stays out of its additional properties.</summary>
public class JsonFieldsTests
{
    private static readonly Guid Oid = Guid.Parse("11111111-2222-3333-4444-555555555555");
    private static JsonElement Json(string text) => JsonDocument.Parse(text).RootElement.Clone();

    private sealed class Thing
    {
        public string? Name { get; set; }
        public long? Size { get; set; }
    }

    private static readonly JsonFields<Thing> Fields = new JsonFields<Thing>()
        .On("name", (t, v) => t.Name = JsonRead.AsString(v))
        .On("key_name", (t, v) => t.Name ??= JsonRead.AsString(v))
        .On("size", (t, v) => t.Size = JsonRead.AsLong(v));

    [Theory]
    [InlineData("""{"name": "preferred", "key_name": "fallback"}""")]
    [InlineData("""{"key_name": "fallback", "name": "preferred"}""")]
    public void ThePreferredNameWinsWhateverTheOrder(string json)
    {
        var thing = new Thing();
        var rest = Fields.Read(Json(json), thing);
        Assert.Equal("preferred", thing.Name);
        Assert.Empty(rest);
    }

    [Fact]
    public void NullsAreAbsentAndOtherNamesAreKept()
    {
        var thing = new Thing { Size = 5 };
        var rest = Fields.Read(Json("""{"size": null, "key_name": "k", "SIZE": 9, "extra": {"a": 1}, "gone": null}"""), thing);
        Assert.Equal(5, thing.Size);
        Assert.Equal("k", thing.Name);
        Assert.Equal(new[] { "extra", "gone" }, rest.Keys);
        Assert.Null(rest["gone"]);
    }

    [Fact]
    public void ANonObjectReadsNothing()
    {
        var thing = new Thing();
        Assert.Empty(Fields.Read(Json("[1, 2]"), thing));
        Assert.Null(thing.Name);
    }

    [Fact]
    public void AnExtensionDefinitionKeepsOnlyWhatItDoesNotRead()
    {
        // short_description was read as the description but also copied into Definition: two lists that had drifted.
        var extension = ExtensionApi.Parse("ext-x", Json("""
            {"name": "ext-x", "label": "X", "short_description": "short", "permissions": ["sensor.list"], "author": "lc"}
            """), Oid);
        Assert.Equal("short", extension.Description);
        Assert.Equal(new[] { "sensor.list" }, extension.Permissions);
        Assert.Equal(new[] { "author" }, extension.Definition.Keys);
    }

    [Fact]
    public void AGroupsOrganizationsBelongToTheGroupReadAfterThem()
    {
        var group = GroupApi.Parse(Json("""
            {"orgs": [{"org_id": "aaaaaaaa-0000-0000-0000-000000000001", "org_name": "a"}], "gid": "bbbbbbbb-0000-0000-0000-000000000002",
             "group_id": "cccccccc-0000-0000-0000-000000000003", "owners": [{"email": "o@example.test"}], "perms": "org.get"}
            """), Guid.Empty);
        Assert.Equal(Guid.Parse("cccccccc-0000-0000-0000-000000000003"), group.GroupId);
        Assert.Equal(group.GroupId, Assert.Single(group.Organizations).GroupId);
        Assert.Equal(new[] { "o@example.test" }, group.Owners);
        Assert.Equal(new[] { "org.get" }, group.Permissions);
        Assert.Empty(group.AdditionalProperties);
    }
}
