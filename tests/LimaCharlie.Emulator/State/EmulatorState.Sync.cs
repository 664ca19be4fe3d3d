using System.Text.Json.Nodes;

namespace LimaCharlie.Emulator.State;

public sealed partial class EmulatorState
{
    /// <summary>
    /// The <c>fetch</c> action of <c>ext-infrastructure</c>: the organization as a sync file (version 3) for the sections
    /// the options ask for (<c>sync_outputs</c>, <c>sync_installation_keys</c>, <c>sync_extensions</c>,
    /// <c>sync_org_values</c>, <c>sync_hives: {hive: true}</c>). The layout is the one the CLI documents and the legacy
    /// SDK wrote (a guess for the service: see the README); integrity, exfil, artifact, resources and yara stay empty.
    /// </summary>
    public JsonObject SyncFetch(string oid, JsonObject options)
    {
        bool On(string key) => options[key] is JsonValue v && v.TryGetValue<bool>(out var b) && b;
        var org = new JsonObject { ["version"] = 3 };
        if (options["sync_hives"] is JsonObject wanted && wanted.Count > 0)
        {
            var hives = new JsonObject();
            foreach (var (hive, flag) in wanted)
            {
                if (flag is not JsonValue f || !f.TryGetValue<bool>(out var yes) || !yes) continue;
                var records = new JsonObject();
                foreach (var record in HiveRecords(oid, hive))
                    records[record.Name] = new JsonObject
                    {
                        ["data"] = record.Data is { } data ? JsonNode.Parse(data.GetRawText()) : null,
                        ["usr_mtd"] = new JsonObject
                        {
                            ["enabled"] = record.UsrMtd.Enabled,
                            ["expiry"] = record.UsrMtd.Expiry,
                            ["tags"] = new JsonArray([.. record.UsrMtd.Tags.Select(t => (JsonNode?)t)]),
                            ["comment"] = record.UsrMtd.Comment,
                        },
                    };
                hives[hive] = records;
            }
            org["hives"] = hives;
        }
        if (On("sync_outputs"))
        {
            var outputs = new JsonObject();
            foreach (var output in Outputs(oid))
            {
                var entry = new JsonObject { ["module"] = output.Module, ["type"] = output.For };
                foreach (var (key, value) in output.Fields) entry[key] = value;
                outputs[output.Name] = entry;
            }
            org["outputs"] = outputs;
        }
        if (On("sync_installation_keys"))
        {
            var keys = new JsonObject();
            foreach (var key in InstallationKeys(oid))
                keys[key.Description] = new JsonObject
                {
                    ["desc"] = key.Description,
                    ["tags"] = new JsonArray([.. key.Tags.Select(t => (JsonNode?)t)]),
                    ["use_public_root_ca"] = key.UsePublicRootCa,
                };
            org["installation_keys"] = keys;
        }
        if (On("sync_extensions"))
            org["extensions"] = new JsonArray([.. Subscriptions(oid).Select(s => (JsonNode?)s.Name)]);
        if (On("sync_org_values"))
        {
            var values = new JsonObject();
            foreach (var (name, value) in OrgValues(oid)) values[name] = value;
            org["org-value"] = values;
        }
        return org;
    }
}
