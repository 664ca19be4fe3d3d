namespace LimaCharlie.Emulator.Auth;

/// <summary>What a hive request does, for <see cref="HivePermissions.For"/>.</summary>
public enum HiveAction
{
    Get,
    Set,
    Del,
    GetMtd,
    SetMtd,
}

/// <summary>
/// The permission a hive request needs. <c>dr-general</c> → <c>dr.list|dr.set|dr.del</c>, <c>dr-managed</c> →
/// <c>dr.list.managed|...</c>, <c>dr-service</c> → <c>dr.list.service|...</c> (metadata reads need the list
/// permission, metadata writes the set permission); <c>fp</c> → <c>fp.ctrl</c>; <c>extension_config</c> →
/// <c>ext.conf.*</c>; <c>cloud_sensor</c>/<c>external_adapter</c> → <c>cloudsensor.*</c>/<c>externaladapter.*</c>;
/// any other hive → <c>&lt;hive&gt;.get|set|del|get.mtd|set.mtd</c>.
/// </summary>
public static class HivePermissions
{
    public static string For(string hive, HiveAction action)
    {
        ArgumentNullException.ThrowIfNull(hive);
        switch (hive)
        {
            case "dr-general":
                return DetectionRule(action, string.Empty);
            case "dr-managed":
                return DetectionRule(action, ".managed");
            case "dr-service":
                return DetectionRule(action, ".service");
            case "fp":
                return OrgPermissions.FpCtrl;
        }

        var prefix = hive switch
        {
            "extension_config" => "ext.conf",
            "cloud_sensor" => "cloudsensor",
            "external_adapter" => "externaladapter",
            _ => hive,
        };
        return prefix + action switch
        {
            HiveAction.Get => ".get",
            HiveAction.Set => ".set",
            HiveAction.Del => ".del",
            HiveAction.GetMtd => ".get.mtd",
            _ => ".set.mtd",
        };
    }

    private static string DetectionRule(HiveAction action, string suffix) =>
        action switch
        {
            HiveAction.Get or HiveAction.GetMtd => "dr.list",
            HiveAction.Set or HiveAction.SetMtd => "dr.set",
            _ => "dr.del",
        } + suffix;
}
