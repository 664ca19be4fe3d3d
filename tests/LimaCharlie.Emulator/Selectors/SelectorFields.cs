using System.Globalization;
using LimaCharlie.Emulator.State;

namespace LimaCharlie.Emulator.Selectors;

internal enum FieldKind
{
    /// <summary>Free text (ids, hostname, IPs, MAC).</summary>
    Text,

    /// <summary>Platform code, compared by name or code, shown as its API name.</summary>
    Platform,

    /// <summary>Architecture code, compared by name or code, shown as its name.</summary>
    Architecture,

    /// <summary>Unix epoch seconds.</summary>
    Time,
    Boolean,

    /// <summary>The sensor's (unexpired) tags.</summary>
    Tags,
}

/// <summary>A field of the selector language and how to read it from a sensor.</summary>
internal sealed class SelectorField
{
    private SelectorField(string name, FieldKind kind)
    {
        Name = name;
        Kind = kind;
    }

    public string Name { get; }

    public FieldKind Kind { get; }

    public Func<Sensor, string> Text { get; private init; } = _ => string.Empty;

    public Func<Sensor, uint> Code { get; private init; } = _ => 0;

    public Func<Sensor, long> Number { get; private init; } = _ => 0;

    public Func<Sensor, bool> Flag { get; private init; } = _ => false;

    /// <summary>The fields, as documented (docs <c>8-reference/sensor-selector-expressions.md</c>).</summary>
    public static IReadOnlyList<SelectorField> All { get; } =
    [
        TextField("sid", s => s.Sid),
        TextField("oid", s => s.Oid),
        TextField("iid", s => s.Iid),
        new("plat", FieldKind.Platform) { Code = s => s.Platform },
        new("ext_plat", FieldKind.Platform) { Code = s => s.ExtendedPlatform },
        new("arch", FieldKind.Architecture) { Code = s => (uint)s.Architecture },
        new("enroll", FieldKind.Time) { Number = s => s.Enrolled.ToUnixTimeSeconds() },
        TextField("hostname", s => s.Hostname),
        TextField("mac_addr", s => s.MacAddress),
        new("alive", FieldKind.Time) { Number = s => s.Alive.ToUnixTimeSeconds() },
        TextField("ext_ip", s => s.ExternalIp),
        TextField("int_ip", s => s.InternalIp),
        new("isolated", FieldKind.Boolean) { Flag = s => s.IsIsolated },
        new("should_isolate", FieldKind.Boolean) { Flag = s => s.ShouldIsolate },
        new("kernel", FieldKind.Boolean) { Flag = s => s.Kernel },
        TextField("did", s => s.Did),
        new("tags", FieldKind.Tags),
    ];

    public static string Names => string.Join(", ", All.Select(f => f.Name));

    public static SelectorField? Find(string name) =>
        All.FirstOrDefault(f => f.Name.Equals(name, StringComparison.OrdinalIgnoreCase));

    /// <summary>The field's value as text, for <c>contains</c>, <c>matches</c> and substring <c>in</c>.</summary>
    public string Display(Sensor sensor) => Kind switch
    {
        FieldKind.Text => Text(sensor),
        FieldKind.Platform => SensorPlatforms.Name(Code(sensor)),
        FieldKind.Architecture => SensorArchitectures.Name((int)Code(sensor)),
        FieldKind.Time => Number(sensor).ToString(CultureInfo.InvariantCulture),
        FieldKind.Boolean => Flag(sensor) ? "true" : "false",
        _ => string.Empty,
    };

    private static SelectorField TextField(string name, Func<Sensor, string> read) => new(name, FieldKind.Text) { Text = read };
}
