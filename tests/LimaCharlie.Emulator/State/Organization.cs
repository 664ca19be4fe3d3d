namespace LimaCharlie.Emulator.State;

/// <summary>An organization of the emulated cloud (immutable snapshot; updates replace the record).</summary>
/// <param name="Oid">Canonical lower-case UUID.</param>
/// <param name="Location">Datacenter location (<c>usa</c>, <c>europe</c>...), reported as <c>region</c>.</param>
/// <param name="Template">The YAML template given at creation, stored verbatim.</param>
public sealed record Organization(
    string Oid,
    string Name,
    string Description,
    string Location,
    DateTimeOffset Created,
    string SensorVersion,
    int SensorQuota,
    string? Template)
{
    /// <summary>The sensor version new organizations start with.</summary>
    public const string DefaultSensorVersion = "4.33.20";

    public string RegionCode => Locations.RegionCode(Location);

    /// <summary>The site name reported by <c>/v1/orgs/{oid}</c>, <c>/url</c> and <c>/v1/user/orgs</c>.</summary>
    public string SiteName => Location;
}
