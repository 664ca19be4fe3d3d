using System.Globalization;

namespace LimaCharlie.Emulator.State;

/// <summary>
/// Platform codes and their API names (docs <c>8-reference/id-schema.md</c>). The selector language and the
/// control API accept a name (any case), a decimal code or a <c>0x</c> hex code.
/// </summary>
public static class SensorPlatforms
{
    public const uint Windows = 0x10000000;
    public const uint Linux = 0x20000000;
    public const uint MacOs = 0x30000000;
    public const uint Ios = 0x40000000;
    public const uint Android = 0x50000000;
    public const uint ChromeOs = 0x60000000;

    private static readonly (string Name, uint Code)[] Table =
    [
        ("windows", Windows), ("linux", Linux), ("macos", MacOs), ("ios", Ios), ("android", Android),
        ("chrome", ChromeOs), ("vpn", 0x70000000), ("text", 0x80000000), ("json", 0x90000000), ("gcp", 0xA0000000),
        ("aws", 0xB0000000), ("carbon_black", 0xC0000000), ("1password", 0xD0000000), ("office365", 0xE0000000),
        ("sophos", 0xF0000000),
        ("crowdstrike", 0x01000000), ("xml", 0x02000000), ("wel", 0x03000000), ("msdefender", 0x04000000),
        ("duo", 0x05000000), ("okta", 0x06000000), ("sentinel_one", 0x07000000), ("github", 0x08000000),
        ("slack", 0x09000000), ("cef", 0x0A000000), ("lc_event", 0x0B000000), ("azure_ad", 0x0C000000),
        ("azure_monitor", 0x0D000000), ("canary_token", 0x0E000000), ("guard_duty", 0x0F000000),
        ("itglue", 0x11000000), ("k8s_pods", 0x12000000), ("zeek", 0x13000000), ("mac_unified_logging", 0x14000000),
        ("azure_event_hub_namespace", 0x15000000), ("azure_key_vault", 0x16000000),
        ("azure_kubernetes_service", 0x17000000), ("azure_network_security_group", 0x18000000),
        ("azure_sql_audit", 0x19000000), ("email", 0x1A000000), ("fortigate", 0x1B000000),
        ("trend_worryfree", 0x1C000000), ("netscaler", 0x1D000000), ("paloalto_fw", 0x1E000000), ("iis", 0x1F000000),
        ("hubspot", 0x21000000), ("zendesk", 0x22000000), ("pandadoc", 0x23000000), ("falconcloud", 0x24000000),
        ("mimecast", 0x25000000), ("sublime", 0x26000000), ("box", 0x27000000), ("cylance", 0x28000000),
        ("proofpoint", 0x29000000), ("entraid", 0x2A000000), ("wiz", 0x2B000000), ("bitwarden", 0x2C000000),
        ("trend_micro", 0x2D000000),
    ];

    /// <summary>Extra accepted spellings (not reported back).</summary>
    private static readonly (string Alias, uint Code)[] Aliases = [("chromeos", ChromeOs), ("mac", MacOs), ("osx", MacOs)];

    private static readonly Dictionary<string, uint> ByName =
        Table.Concat(Aliases).ToDictionary(e => e.Item1, e => e.Item2, StringComparer.OrdinalIgnoreCase);

    private static readonly Dictionary<uint, string> ByCode = Table.ToDictionary(e => e.Code, e => e.Name);

    /// <summary>The API names, in table order.</summary>
    public static IEnumerable<string> Names => Table.Select(e => e.Name);

    /// <summary>Parses a name, decimal code or 0x hex code.</summary>
    public static bool TryParse(string? value, out uint code)
    {
        code = 0;
        if (string.IsNullOrWhiteSpace(value))
        {
            return false;
        }

        value = value.Trim();
        return ByName.TryGetValue(value, out code) || SensorCodes.TryParseNumber(value, out code);
    }

    /// <summary>
    /// The API name of a code: exact match first, then the major platform (top byte, then top 4 bits);
    /// the decimal code when unknown.
    /// </summary>
    public static string Name(uint code) =>
        ByCode.TryGetValue(code, out var name) || ByCode.TryGetValue(code & 0xFF000000, out name)
        || ByCode.TryGetValue(code & 0xF0000000, out name)
            ? name
            : code.ToString(CultureInfo.InvariantCulture);
}

/// <summary>Architecture codes and names (docs <c>8-reference/id-schema.md</c>).</summary>
public static class SensorArchitectures
{
    public const int X86 = 1;
    public const int X64 = 2;
    public const int Arm = 3;
    public const int Arm64 = 4;
    public const int Alpine64 = 5;
    public const int Chromium = 6;
    public const int Wireguard = 7;
    public const int Arml = 8;
    public const int UspAdapter = 9;

    private static readonly string[] NamesByCode =
        ["", "x86", "x64", "arm", "arm64", "alpine64", "chromium", "wireguard", "arml", "usp_adapter"];

    public static IEnumerable<string> Names => NamesByCode.Skip(1);

    /// <summary>Parses a name (any case) or a number.</summary>
    public static bool TryParse(string? value, out int code)
    {
        code = 0;
        if (string.IsNullOrWhiteSpace(value))
        {
            return false;
        }

        value = value.Trim();
        var index = Array.FindIndex(NamesByCode, 1, n => n.Equals(value, StringComparison.OrdinalIgnoreCase));
        if (index > 0)
        {
            code = index;
            return true;
        }

        if (SensorCodes.TryParseNumber(value, out var number) && number <= int.MaxValue)
        {
            code = (int)number;
            return true;
        }

        return false;
    }

    public static string Name(int code) =>
        code > 0 && code < NamesByCode.Length ? NamesByCode[code] : code.ToString(CultureInfo.InvariantCulture);
}

internal static class SensorCodes
{
    /// <summary>A decimal or <c>0x</c>-prefixed hexadecimal unsigned 32-bit number.</summary>
    public static bool TryParseNumber(string value, out uint number) =>
        value.StartsWith("0x", StringComparison.OrdinalIgnoreCase)
            ? uint.TryParse(value.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out number)
            : uint.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out number);
}
