using LimaCharlie.Emulator.State;

namespace LimaCharlie.Emulator.Api;

/// <summary>Wire shapes of an organization.</summary>
internal static class OrgViews
{
    /// <summary>Reported as <c>latest_versions</c> (a string map in the Go SDK).</summary>
    private static readonly IReadOnlyDictionary<string, string> LatestVersions = new Dictionary<string, string>
    {
        ["latest"] = Organization.DefaultSensorVersion,
        ["stable"] = "4.33.19",
    };

    /// <summary>The body of <c>GET /v1/orgs/{oid}</c>; the counts of the org's configuration when <paramref name="state"/> is given.</summary>
    public static Dictionary<string, object?> Info(Organization org, EmulatorState? state = null) => new()
    {
        ["oid"] = org.Oid,
        ["name"] = org.Name,
        ["description"] = org.Description,
        ["sensor_version"] = org.SensorVersion,
        ["latest_versions"] = LatestVersions,
        ["n_outputs"] = state?.Outputs(org.Oid).Count ?? 0,
        ["n_installation_keys"] = state?.InstallationKeyCount(org.Oid) ?? 0,
        ["n_rules"] = state?.HiveRecords(org.Oid, "dr-general").Count ?? 0,
        ["sensor_quota"] = org.SensorQuota,
        ["region"] = org.Location,
        ["site_name"] = org.SiteName,
        ["created"] = org.Created.ToUnixTimeSeconds(),
    };
}
