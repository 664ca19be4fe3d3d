using System;
using System.Collections.Generic;
using System.Linq;
using System.Security;
using System.Text.Json.Nodes;
using LimaCharlie.Client.Api;
using LimaCharlie.Client.Credentials;
using Xunit;

namespace LimaCharlie.Tests.Engine;

/// <summary>The one reader of configuration files, and differences that never show a secret.</summary>
public class OrgConfigFormatTests
{
    private static JsonObject Yaml(string text) => (JsonObject)LimaCharlie.Client.Yaml.YamlJson.Parse(text, (why, e) => new InvalidOperationException(why, e))!;

    private static LcConfigurationException Invalid(string name, string origin, string why) => new($"{name} in {origin}: {why}", ErrorIds.InvalidRule);

    private static ConfigDocument Read(string text, string kind, List<string> warnings) =>
        ConfigFormat.Read(Yaml(text), kind, "from-file-name", "file 'x.yaml'", warnings.Add, Invalid);

    [Fact]
    public void ReadsTheExportLayoutAndTheCliRecordLayoutAlike()
    {
        var warnings = new List<string>();
        var flat = Read("name: r\nenabled: false\ntags: [a, b]\ncomment: c\nexpiry: 1893456000000\ndetect: {op: exists, path: x}\nrespond: []", "dr-general", warnings);
        var record = Read("data:\n  detect: {op: exists, path: x}\n  respond: []\nusr_mtd:\n  enabled: false\n  tags: [a, b]\n  comment: c\n  expiry: 1893456000000", "dr-general", warnings);

        Assert.Empty(warnings);
        Assert.Equal("r", flat.Name);
        Assert.Equal("from-file-name", record.Name);
        foreach (var doc in new[] { flat, record })
        {
            Assert.False(doc.Metadata.Enabled);
            Assert.Equal(new[] { "a", "b" }, doc.Metadata.Tags);
            Assert.Equal("c", doc.Metadata.Comment);
            Assert.Equal(1893456000000, doc.Metadata.Expiry);
            Assert.Equal(new[] { "detect", "respond" }, doc.Body.Select(p => p.Key).ToArray());
        }
    }

    [Fact]
    public void LeavesOutAndReportsKeysItDoesNotUnderstand()
    {
        var warnings = new List<string>();
        var rule = Read("enabeld: false\ndetect: {op: exists}\nrespond: []", "dr-general", warnings);
        var output = Read("module: syslog\ntype: detect\ndest_host: x:514\nfields: {}", "output", warnings);

        Assert.False(rule.Body.ContainsKey("enabeld"));
        Assert.Null(rule.Metadata.Enabled);
        Assert.False(output.Body.ContainsKey("dest_host"));
        Assert.Equal(2, warnings.Count);
        Assert.All(warnings, w => Assert.Contains("file 'x.yaml'", w));
        Assert.Contains("'enabeld'", warnings[0]);
        Assert.Contains("'dest_host'", warnings[1]);
    }

    [Fact]
    public void TakesADateOrMillisecondsForExpiryAndRefusesWrongTypes()
    {
        var warnings = new List<string>();
        Assert.Equal(1893456000000, Read("expiry: 2030-01-01T00:00:00Z\nop: is", "fp", warnings).Metadata.Expiry);
        Assert.Equal(1893456000, Read("expiry: 1893456000\nop: is", "fp", warnings).Metadata.Expiry);
        Assert.Contains("milliseconds", Assert.Single(warnings));
        Assert.Equal(new[] { "solo" }, Read("tags: solo\nop: is", "fp", warnings).Metadata.Tags);

        var e = Assert.Throws<LcConfigurationException>(() => Read("enabled: no\nop: is", "fp", warnings));
        Assert.Contains("'enabled' must be true or false", e.Message);
        Assert.Throws<LcConfigurationException>(() => Read("expiry: soon\nop: is", "fp", warnings));
    }

    [Fact]
    public void ParametersWinOverTheFile()
    {
        var file = new ConfigMetadata { Enabled = false, Tags = new[] { "t" }, Comment = "c", Expiry = 0 };
        var change = file.ToChange(new HiveMetadataChange { Enabled = true });
        Assert.True(change.Enabled);
        Assert.Equal(new[] { "t" }, change.Tags);
        Assert.Equal(DateTimeOffset.MinValue, change.Expiry);
        Assert.Null(new ConfigMetadata().ToChange(new HiveMetadataChange()).Enabled);
    }

    [Fact]
    public void DifferencesNameSecretsAndNeverShowThem()
    {
        var secret = new Dictionary<string, SecureString> { ["password"] = ApiCredential.Secure("hunter2-secret") };
        var body = new JsonObject { ["module"] = "syslog", ["type"] = "detect", ["fields"] = new JsonObject { ["dest_host"] = "a:514" } };
        var changed = (JsonObject)body.DeepClone();
        changed["fields"]!["dest_host"] = "b:514";
        var current = new ConfigItem(OrgConfigApi.OutputKind, "siem", body, true, Array.Empty<string>(), null, 0, null, secret);
        var desired = new ConfigItem(OrgConfigApi.OutputKind, "siem", changed, true, Array.Empty<string>(), null, 0);

        var change = Assert.Single(OrgConfigApi.Plan(new[] { current }, new[] { desired }, prune: false));
        Assert.Equal(new[] { "password" }, change.LostSecrets);
        var shown = string.Join("\n", change.Differences().Select(d => $"{d.Field} {d.Before} {d.After}"));
        Assert.Contains("fields.dest_host a:514 b:514", shown);
        Assert.Contains("fields.password (secret) (lost)", shown);
        Assert.DoesNotContain("hunter2", shown);

        var supplied = desired.WithSecrets(new[] { new KeyValuePair<string, SecureString>("password", ApiCredential.Secure("hunter2-secret")) });
        Assert.Empty(Assert.Single(OrgConfigApi.Plan(new[] { current }, new[] { supplied }, prune: false)).LostSecrets);
        var same = new ConfigItem(OrgConfigApi.OutputKind, "siem", (JsonObject)body.DeepClone(), true, Array.Empty<string>(), null, 0);
        Assert.Empty(OrgConfigApi.Plan(new[] { current }, new[] { same }, prune: false));
    }
}
