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

    /// <summary>The body of <c>GET /v1/orgs/{oid}</c>.</summary>
    public static Dictionary<string, object?> Info(Organization org, int installationKeys = 0) => new()
    {
        ["oid"] = org.Oid,
        ["name"] = org.Name,
        ["description"] = org.Description,
        ["sensor_version"] = org.SensorVersion,
        ["latest_versions"] = LatestVersions,
        ["n_outputs"] = 0,
        ["n_installation_keys"] = installationKeys,
        ["n_rules"] = 0,
        ["sensor_quota"] = org.SensorQuota,
        ["region"] = org.Location,
        ["site_name"] = org.SiteName,
        ["created"] = org.Created.ToUnixTimeSeconds(),
    };
}
