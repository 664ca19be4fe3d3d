namespace LimaCharlie.Emulator.Auth;

/// <summary>The organization permission names (docs <c>8-reference/permissions.md</c>, limacharlie-api.md §1.4).</summary>
public static class OrgPermissions
{
    public const string OrgGet = "org.get";
    public const string SensorList = "sensor.list";
    public const string SensorGet = "sensor.get";
    public const string SensorTask = "sensor.task";
    public const string SensorDel = "sensor.del";
    public const string SensorTag = "sensor.tag";
    public const string IkeyList = "ikey.list";
    public const string IkeySet = "ikey.set";
    public const string IkeyDel = "ikey.del";
    public const string FpCtrl = "fp.ctrl";
    public const string OutputList = "output.list";
    public const string OutputSet = "output.set";
    public const string OutputDel = "output.del";
    public const string OrgConfGet = "org.conf.get";
    public const string OrgConfSet = "org.conf.set";
    public const string ApikeyCtrl = "apikey.ctrl";
    public const string UserCtrl = "user.ctrl";
    public const string IngestkeyCtrl = "ingestkey.ctrl";
    public const string ExtRequest = "ext.request";
    public const string ExtSub = "ext.sub";
    public const string PayloadCtrl = "payload.ctrl";

    private static readonly string[] Hives =
    [
        "secret", "lookup", "model", "query", "yara", "ai_agent", "cloudsensor", "playbook", "sop", "org_notes", "app",
        "externaladapter", "ai_skill", "ai_memory", "ai_cost_model",
    ];

    private static readonly string[] HiveActions = ["get", "set", "del", "get.mtd", "set.mtd"];

    private static readonly string[] Fixed =
    [
        "org.get", "org.del", "org.set_quota", "org.conf.get", "org.conf.set",
        "apikey.ctrl", "user.ctrl", "billing.ctrl",
        "sensor.list", "sensor.get", "sensor.task", "sensor.del", "sensor.tag",
        "ikey.list", "ikey.set", "ikey.del",
        "dr.list", "dr.set", "dr.del", "dr.list.managed", "dr.set.managed", "dr.del.managed",
        "dr.list.service", "dr.set.service", "dr.del.service",
        "fp.ctrl",
        "ext.request", "ext.conf.get", "ext.conf.set", "ext.conf.del", "ext.conf.get.mtd", "ext.conf.set.mtd",
        "ext.sub", "ext.sub.mtd",
        "replicant.get", "replicant.ctrl",
        "insight.list", "insight.ctrl", "insight.del", "insight.evt.get", "insight.evt.get.simple", "insight.det.get",
        "insight.stat",
        "audit.get", "audit.set",
        "job.get", "job.ctrl",
        "output.list", "output.set", "output.del",
        "payload.ctrl", "module.update", "ingestkey.ctrl",
    ];

    /// <summary>Every organization permission: what owners and default keys get.</summary>
    public static IReadOnlyList<string> All { get; } =
        [.. Fixed, .. Hives.SelectMany(hive => HiveActions.Select(action => $"{hive}.{action}"))];

    private static readonly HashSet<string> Known = new(All, StringComparer.Ordinal);

    public static bool IsKnown(string permission) => Known.Contains(permission);
}
