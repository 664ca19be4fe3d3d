using System.Buffers;
using System.Globalization;
using System.IO.Compression;
using System.Text.Json;
using LimaCharlie.Emulator.Auth;
using LimaCharlie.Emulator.Infrastructure;
using LimaCharlie.Emulator.State;

namespace LimaCharlie.Emulator.Api;

/// <summary>Wire shapes of sensors, tags and installation keys, and the SID → sensor access check.</summary>
internal static class SensorViews
{
    private const string TimeFormat = "yyyy-MM-dd HH:mm:ss";

    /// <summary>The <c>YYYY-MM-DD HH:MM:SS</c> UTC form of <c>enroll</c>, <c>alive</c>, <c>last_seen</c>.</summary>
    public static string FormatTime(DateTimeOffset time) => time.UtcDateTime.ToString(TimeFormat, CultureInfo.InvariantCulture);

    /// <summary>A tag's <c>added</c> value: Unix seconds as a decimal string (the Go SDK decodes it as a string).</summary>
    public static string FormatAdded(SensorTag tag) => tag.Added.ToUnixTimeSeconds().ToString(CultureInfo.InvariantCulture);

    /// <summary>SensorInfo.</summary>
    public static void WriteInfo(Utf8JsonWriter json, Sensor s)
    {
        json.WriteStartObject();
        json.WriteString("sid", s.Sid);
        json.WriteString("oid", s.Oid);
        json.WriteString("iid", s.Iid);
        json.WriteString("did", s.Did);
        json.WriteString("hostname", s.Hostname);
        json.WriteNumber("plat", s.Platform);
        json.WriteNumber("ext_plat", s.ExtendedPlatform);
        json.WriteNumber("arch", s.Architecture);
        json.WriteString("int_ip", s.InternalIp);
        json.WriteString("ext_ip", s.ExternalIp);
        json.WriteString("mac_addr", s.MacAddress);
        json.WriteString("enroll", FormatTime(s.Enrolled));
        json.WriteString("alive", FormatTime(s.Alive));
        json.WriteBoolean("is_online", s.IsOnline);
        json.WriteBoolean("is_isolated", s.IsIsolated);
        json.WriteBoolean("should_isolate", s.ShouldIsolate);
        json.WriteBoolean("is_sealed", s.IsSealed);
        json.WriteBoolean("should_seal", s.ShouldSeal);
        json.WriteBoolean("kernel", s.Kernel);
        json.WriteEndObject();
    }

    /// <summary>The UTF-8 JSON array of SensorInfo of a page.</summary>
    public static byte[] InfoArray(IReadOnlyList<Sensor> sensors)
    {
        var buffer = new ArrayBufferWriter<byte>(Math.Max(256, sensors.Count * 560));
        using (var json = new Utf8JsonWriter(buffer, EmulatorJson.WireWriter))
        {
            json.WriteStartArray();
            foreach (var sensor in sensors)
            {
                WriteInfo(json, sensor);
            }

            json.WriteEndArray();
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>base64 (standard alphabet) of a gzip stream of <paramref name="utf8Json"/> (limacharlie-api.md §5).</summary>
    public static string Compress(byte[] utf8Json)
    {
        using var output = new MemoryStream(utf8Json.Length / 4 + 64);
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(utf8Json);
        }

        return Convert.ToBase64String(output.GetBuffer(), 0, (int)output.Length);
    }

    /// <summary>
    /// The installation key object: <c>tags</c> comma-joined; <c>created</c> an integer epoch for even ordinals, a
    /// <c>YYYY-MM-DD HH:MM:SS</c> string for odd ones.
    /// </summary>
    public static Dictionary<string, object> InstallationKey(InstallationKey key) => new()
    {
        ["iid"] = key.Iid,
        ["desc"] = key.Description,
        ["key"] = key.Key,
        ["json_key"] = key.JsonKey,
        ["tags"] = string.Join(',', key.Tags),
        ["created"] = key.CreatedAsEpoch ? key.Created.ToUnixTimeSeconds() : FormatTime(key.Created),
        ["use_public_root_ca"] = key.UsePublicRootCa,
    };

    /// <summary>
    /// The sensor named by a path SID, provided the caller may see its org (404 <c>sensor not found</c> otherwise,
    /// also for malformed SIDs) and holds <paramref name="permission"/> there (401 otherwise).
    /// </summary>
    public static Sensor AuthorizeSensor(this Caller caller, EmulatorState state, string sid, string permission)
    {
        var sensor = state.FindSensor(sid);
        if (sensor is null || caller.PermissionsFor(sensor.Oid) is null)
        {
            throw EmulatorState.SensorNotFound();
        }

        caller.RequirePermission(sensor.Oid, permission);
        return sensor;
    }
}
