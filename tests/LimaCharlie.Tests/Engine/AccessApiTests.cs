using System.Text.Json;
using LimaCharlie.Client.Api;
using LimaCharlie.Client.Logging;
using Xunit;

namespace LimaCharlie.Tests.Engine;

/// <summary>Reading the users-and-permissions and API-key answers, and keeping ingestion keys out of logged bodies.</summary>
public class AccessApiTests
{
    private static readonly Guid Oid = Guid.Parse("8f8b2a8e-1d3c-4f7a-9a52-3c5d6e7f8a9b");

    [Fact]
    public void UsersFromGroupsAndDirectAccessAreMergedPerEmail()
    {
        const string answer = """
            {"user_permissions": {"a@example.com": ["org.get", "sensor.list"], "g@example.com": ["dr.list"]},
             "direct_users": [{"email": "a@example.com", "uid": "u1", "perms": ["org.get"], "MFA_enabled": true, "MFA_types": ["totp"]}],
             "from_groups": {"g@example.com": {"email": "g@example.com", "groups": {"g1": true, "g2": false}, "MFA_enabled": false,
                                               "MFA_types": [], "hasDirectAccess": false},
                             "a@example.com": {"email": "a@example.com", "groups": {"g1": true}, "hasDirectAccess": true}},
             "group_info": {"g1": {"name": "soc", "perms": ["dr.list"], "owners": []}}}
            """;
        using var document = JsonDocument.Parse(answer);

        var users = UserApi.Parse(document.RootElement, Oid);

        Assert.Equal(["a@example.com", "g@example.com"], users.Select(u => u.Email));
        var a = users[0];
        Assert.Equal("u1", a.UserId);
        Assert.Equal(["org.get", "sensor.list"], a.Permissions);
        Assert.True(a.MfaEnabled);
        Assert.Equal(["totp"], a.MfaTypes);
        Assert.Equal(["soc"], a.Groups);
        Assert.True(a.DirectAccess);
        var g = users[1];
        Assert.Null(g.UserId);
        Assert.False(g.DirectAccess);
        Assert.Equal(["soc"], g.Groups);
        Assert.Equal(["dr.list"], g.Permissions);
        Assert.All(users, u => Assert.Equal(Oid, u.OrganizationId));
    }

    [Fact]
    public void ApiKeyNameIsReadFromNameOrKeyName()
    {
        // commands/api_key.py _key_name: "The API has used both 'name' and 'key_name' over time".
        using var document = JsonDocument.Parse("""
            {"name": "ci", "priv": ["dr.list"], "created_at": 1700000000, "last_used": 0}
            """);
        using var legacy = JsonDocument.Parse("""{"key_name": "old-ci", "priv": ["org.get"]}""");

        var key = ApiKeyApi.Parse(document.RootElement, Oid, "h1");
        var old = ApiKeyApi.Parse(legacy.RootElement, Oid, "h2");

        Assert.Equal("ci", key.Name);
        Assert.Equal(["dr.list"], key.Permissions);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1700000000), key.Created);
        Assert.Null(key.LastUsed);
        Assert.Equal("old-ci", old.Name);
        Assert.False(old.AdditionalProperties.ContainsKey("key_name"));
    }

    [Fact]
    public void IngestionKeyValuesAreMaskedAndTheirNamesKept()
    {
        const string body = """{"keys": {"syslog-dc1": "1b4e28ba-2fa1-11d2-883f-0016d3cca427", "o\"dd": "x\"y"}, "other": "kept"}""";

        var redacted = Redactor.RedactText(body);

        Assert.Equal("""{"keys": {"syslog-dc1":"***", "o\"dd":"***"}, "other": "kept"}""", redacted);
    }

    [Fact]
    public void PermissionNamesAreSplitAndUnknownOnesFound()
    {
        var names = Permissions.Normalize(["sensor.list, sensor.get", "sensor.list", "sensor.lst"]);

        Assert.Equal(["sensor.list", "sensor.get", "sensor.lst"], names);
        Assert.Equal(["sensor.lst"], Permissions.Unknown(names));
        Assert.Contains("secret.get.mtd", Permissions.All);
    }
}
