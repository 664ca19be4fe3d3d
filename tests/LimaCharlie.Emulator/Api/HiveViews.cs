using System.Text.Json;
using LimaCharlie.Emulator.State;

namespace LimaCharlie.Emulator.Api;

/// <summary>Wire shapes of hive records, the legacy D&amp;R / FP views and outputs (shared with the control API).</summary>
internal static class HiveViews
{
    private static readonly JsonElement EmptyObject = JsonDocument.Parse("{}").RootElement.Clone();

    /// <summary>
    /// <c>{"data", "usr_mtd": {enabled, expiry, tags, comment, ui_actions?}, "sys_mtd": {...}}</c> (<c>ui_actions</c> only
    /// once a client sent it); <paramref name="withData"/> false: <c>"data": {}</c>.
    /// </summary>
    public static Dictionary<string, object?> Record(HiveRecord record, bool withData = true) => new()
    {
        ["data"] = withData ? record.Data : EmptyObject,
        ["usr_mtd"] = UserMetadata(record.UsrMtd),
        ["sys_mtd"] = new Dictionary<string, object?>
        {
            ["etag"] = record.SysMtd.Etag,
            ["created_by"] = record.SysMtd.CreatedBy,
            ["created_at"] = record.SysMtd.CreatedAt,
            ["last_author"] = record.SysMtd.LastAuthor,
            ["last_mod"] = record.SysMtd.LastMod,
            ["guid"] = record.SysMtd.Guid,
            ["last_error"] = record.SysMtd.LastError,
            ["last_error_ts"] = record.SysMtd.LastErrorTs,
        },
    };

    private static Dictionary<string, object?> UserMetadata(HiveUserMetadata usr)
    {
        var view = new Dictionary<string, object?>
        {
            ["enabled"] = usr.Enabled,
            ["expiry"] = usr.Expiry,
            ["tags"] = usr.Tags,
            ["comment"] = usr.Comment,
        };
        if (usr.UiActions is { } actions)
        {
            view["ui_actions"] = actions;
        }

        return view;
    }

    /// <summary>Record name → <see cref="Record"/>.</summary>
    public static Dictionary<string, object?> Records(IEnumerable<HiveRecord> records) =>
        records.ToDictionary(r => r.Name, r => (object?)Record(r), StringComparer.Ordinal);

    /// <summary>The answer of hive writes: <c>{"guid", "hive": {"name", "partition"}, "name"}</c>.</summary>
    public static Dictionary<string, object?> WriteAnswer(HiveRecord record) => new()
    {
        ["guid"] = record.SysMtd.Guid,
        ["hive"] = new Dictionary<string, string> { ["name"] = record.Hive, ["partition"] = record.Partition },
        ["name"] = record.Name,
    };

    /// <summary>
    /// Legacy <c>/v1/rules</c> entry: <c>{"name", "namespace", "detect", "respond", "is_enabled", "expire_on"}</c>,
    /// <c>expire_on</c> in Unix seconds (0 = never).
    /// </summary>
    public static Dictionary<string, object?> LegacyRule(HiveRecord record, string ns) => new()
    {
        ["name"] = record.Name,
        ["namespace"] = ns,
        ["detect"] = Member(record.Data, "detect"),
        ["respond"] = Member(record.Data, "respond"),
        ["is_enabled"] = record.UsrMtd.Enabled,
        ["expire_on"] = record.UsrMtd.Expiry / 1000,
    };

    /// <summary>Legacy <c>/v1/fp</c> entry: <c>{"data": rule, "oid", "name"}</c>.</summary>
    public static Dictionary<string, object?> LegacyFp(HiveRecord record) => new()
    {
        ["data"] = record.Data,
        ["oid"] = record.Partition,
        ["name"] = record.Name,
    };

    /// <summary>
    /// An output: <c>{"name", "module", "for", ...fields}</c>, every value a string; the
    /// <see cref="ConfigCatalog.OutputDefaultFields"/> are <c>""</c> when not sent.
    /// </summary>
    public static Dictionary<string, string> Output(OrgOutput output)
    {
        var view = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            ["name"] = output.Name,
            ["module"] = output.Module,
            ["for"] = output.For,
        };
        foreach (var field in ConfigCatalog.OutputDefaultFields)
        {
            view[field] = string.Empty;
        }

        foreach (var (field, value) in output.Fields)
        {
            view[field] = value;
        }

        return view;
    }

    /// <summary>Output name → <see cref="Output"/>.</summary>
    public static Dictionary<string, Dictionary<string, string>> Outputs(IEnumerable<OrgOutput> outputs) =>
        outputs.ToDictionary(o => o.Name, Output, StringComparer.Ordinal);

    private static JsonElement? Member(JsonElement? data, string name) =>
        data is { ValueKind: JsonValueKind.Object } obj && obj.TryGetProperty(name, out var value) ? value : null;
}
