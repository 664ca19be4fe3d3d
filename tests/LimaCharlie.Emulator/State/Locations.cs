namespace LimaCharlie.Emulator.State;

/// <summary>Datacenter locations accepted at org creation (limacharlie-api.md §7) and what they map to.</summary>
public static class Locations
{
    public const string Auto = "auto";
    public const string Default = "usa";

    private static readonly Dictionary<string, string> RegionCodes = new(StringComparer.OrdinalIgnoreCase)
    {
        ["usa"] = "us",
        ["canada"] = "ca",
        ["europe"] = "eu",
        ["uk"] = "uk",
        ["india"] = "in",
        ["australia"] = "au",
    };

    /// <summary>Every accepted <c>loc</c> value.</summary>
    public static IReadOnlyList<string> Accepted { get; } = [.. RegionCodes.Keys, Auto];

    /// <summary>Maps a <c>loc</c> value (any case) to a concrete location; <c>auto</c> resolves to <c>usa</c>.</summary>
    public static bool TryResolve(string? loc, out string location)
    {
        var value = loc?.Trim() ?? string.Empty;
        if (string.Equals(value, Auto, StringComparison.OrdinalIgnoreCase))
        {
            location = Default;
            return true;
        }

        location = RegionCodes.ContainsKey(value) ? value.ToLowerInvariant() : string.Empty;
        return location.Length > 0;
    }

    /// <summary>The short region code reported as <c>region_code</c> (e.g. <c>us</c>).</summary>
    public static string RegionCode(string location) => RegionCodes.TryGetValue(location, out var code) ? code : location;
}
