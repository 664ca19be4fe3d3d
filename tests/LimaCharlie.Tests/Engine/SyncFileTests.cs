using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Security;
using System.Text.Json.Nodes;
using LimaCharlie.Client.Api;
using LimaCharlie.Client.Credentials;
using Xunit;

namespace LimaCharlie.Tests.Engine;

/// <summary>The CLI's sync file: written and read back the same, secrets only when asked, includes kept in their folder.</summary>
public sealed class SyncFileTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("lc-sync-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static Dictionary<string, SecureString> Secret(string key, string value) =>
        new(StringComparer.Ordinal) { [key] = ApiCredential.Secure(value) };

    private static List<ConfigItem> Items() => new()
    {
        new("dr-general", "r1", (JsonObject)JsonNode.Parse("""{"detect":{"op":"exists","event":"NEW_PROCESS","path":"event"},"respond":[{"action":"report","name":"r1"}]}""")!,
            false, new[] { "a" }, "note", 1893456000000),
        new("lookup", "l1", (JsonObject)JsonNode.Parse("""{"lookup_data":{"x.test":{}}}""")!, true, Array.Empty<string>(), null, 0),
        new(OrgConfigApi.OutputKind, "siem", (JsonObject)JsonNode.Parse("""{"module":"syslog","type":"detect","fields":{"dest_host":"h:514"}}""")!,
            true, Array.Empty<string>(), null, 0, null, Secret("password", "hunter2")),
        new(OrgConfigApi.InstallationKeyKind, "prod", OrgConfigApi.InstallationKeyBody("prod", new[] { "b", "a" }, true), true, Array.Empty<string>(), null, 0),
        new(OrgConfigApi.ExtensionKind, "ext-cases", new JsonObject(), true, Array.Empty<string>(), null, 0),
        new(OrgConfigApi.OrgValueKind, "vt", new JsonObject(), true, Array.Empty<string>(), null, 0, null, Secret("value", "vt-secret")),
    };

    [Fact]
    public void ReadsBackWhatItWroteWithSecretsOnlyWhenAsked()
    {
        var path = Path.Combine(_dir, "org.yaml");
        SyncFile.Write(path, Items(), includeSecrets: true);
        var read = SyncFile.Read(path, w => Assert.Fail(w));
        Assert.Empty(OrgConfigApi.Plan(read.Items, Items(), prune: true));
        Assert.Empty(OrgConfigApi.Plan(Items(), read.Items, prune: true));
        Assert.Equal(new[] { "dr-general", "lookup" }, read.Hives.OrderBy(h => h).ToArray());

        SyncFile.Write(path, Items(), includeSecrets: false);
        var text = File.ReadAllText(path);
        Assert.DoesNotContain("hunter2", text);
        Assert.DoesNotContain("vt-secret", text);
        var withheld = SyncFile.Read(path, w => Assert.Fail(w));
        Assert.DoesNotContain(withheld.Items, i => i.Kind == OrgConfigApi.OrgValueKind);
        // A secret left out is no difference, and no change unless the output changes otherwise; then it is named as lost.
        Assert.Equal(new[] { "Extra" }, OrgConfigApi.Plan(Items(), withheld.Items, prune: false).Select(c => c.Action).ToArray());
        var siem = withheld.Items.Single(i => i.IsOutput);
        Assert.Empty(siem.Secrets);
        ((JsonObject)siem.Body["fields"]!)["dest_host"] = "other:514";
        var change = Assert.Single(OrgConfigApi.Plan(Items(), withheld.Items, prune: false), c => c.Action == "Change");
        Assert.Equal(new[] { "password" }, change.LostSecrets);
    }

    [Fact]
    public void RefusesIncludesOutsideItsFolderAndCycles()
    {
        Directory.CreateDirectory(Path.Combine(_dir, "in"));
        File.WriteAllText(Path.Combine(_dir, "outside.yaml"), "version: 3\n");
        File.WriteAllText(Path.Combine(_dir, "in", "main.yaml"), "version: 3\ninclude: ../outside.yaml\n");
        Assert.Contains("reaches outside", Assert.Throws<LcConfigurationException>(() => SyncFile.Read(Path.Combine(_dir, "in", "main.yaml"), _ => { })).Message);
        File.WriteAllText(Path.Combine(_dir, "in", "main.yaml"), "version: 3\ninclude: ['../*.yaml']\n");
        Assert.Contains("reaches outside", Assert.Throws<LcConfigurationException>(() => SyncFile.Read(Path.Combine(_dir, "in", "main.yaml"), _ => { })).Message);
        File.WriteAllText(Path.Combine(_dir, "in", "main.yaml"), "version: 3\ninclude: b.yaml\n");
        File.WriteAllText(Path.Combine(_dir, "in", "b.yaml"), "version: 3\ninclude: main.yaml\n");
        Assert.Contains("includes itself", Assert.Throws<LcConfigurationException>(() => SyncFile.Read(Path.Combine(_dir, "in", "main.yaml"), _ => { })).Message);
    }

    [Fact]
    public void MergesIncludesAsTheCliDoes()
    {
        Directory.CreateDirectory(Path.Combine(_dir, "parts", "deep"));
        File.WriteAllText(Path.Combine(_dir, "parts", "a.yaml"), "version: 3\nhives:\n  lookup:\n    a: {data: {lookup_data: {}}}\nextensions: [ext-a]\n");
        File.WriteAllText(Path.Combine(_dir, "parts", "deep", "b.yaml"), "version: 3\nhives:\n  lookup:\n    b: {data: {lookup_data: {}}}\nextensions: [ext-b]\n");
        File.WriteAllText(Path.Combine(_dir, "main.yaml"), "version: 3\ninclude: ['parts/**/*.yaml']\nhives:\n  lookup:\n    main: {data: {lookup_data: {}}}\n");
        var read = SyncFile.Read(Path.Combine(_dir, "main.yaml"), _ => { });
        Assert.Equal(new[] { "a", "b", "main" }, read.Items.Where(i => i.Kind == "lookup").Select(i => i.Name).OrderBy(n => n).ToArray());
        Assert.Equal(new[] { "ext-a", "ext-b" }, read.Items.Where(i => i.Kind == OrgConfigApi.ExtensionKind).Select(i => i.Name).OrderBy(n => n).ToArray());
        Assert.Equal(3, read.Files.Length);
    }
}
