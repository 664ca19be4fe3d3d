using LimaCharlie.Client.Api;

namespace LimaCharlie.Emulator.Auth;

/// <summary>The organization permission names: the module's one list (<c>PermissionNames</c>, linked in) and constants for the checks.</summary>
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
    public const string ReplicantTask = "replicant.task";

    /// <summary>Every organization permission: what owners and default keys get.</summary>
    public static IReadOnlyList<string> All { get; } =
        [.. PermissionNames.Fixed, .. PermissionNames.Hives.SelectMany(hive => PermissionNames.HiveActions.Select(action => $"{hive}.{action}"))];

    private static readonly HashSet<string> Known = new(All, StringComparer.Ordinal);

    public static bool IsKnown(string permission) => Known.Contains(permission);
}
