using System;
using System.Collections.Generic;

namespace LimaCharlie
{
    /// <summary>A LimaCharlie sensor (endpoint agent or adapter).</summary>
    public sealed class Sensor
    {
        public Guid SensorId { get; set; }
        public Guid OrganizationId { get; set; }
        public string? Hostname { get; set; }
        public SensorPlatform Platform { get; set; }
        /// <summary>The API's raw <c>plat</c> code.</summary>
        public long PlatformCode { get; set; }
        public SensorArchitecture Architecture { get; set; }
        /// <summary>The API's raw <c>arch</c> code.</summary>
        public int ArchitectureCode { get; set; }
        public string? InternalIp { get; set; }
        public string? ExternalIp { get; set; }
        public string? MacAddress { get; set; }
        /// <summary>Online now; empty when the API did not say.</summary>
        public bool? IsOnline { get; set; }
        /// <summary>When the sensor was last seen (UTC in the API; shown in local time).</summary>
        public DateTimeOffset? LastSeen { get; set; }
        public DateTimeOffset? EnrolledAt { get; set; }
        public bool IsIsolated { get; set; }
        public bool ShouldIsolate { get; set; }
        public bool IsSealed { get; set; }
        public bool ShouldSeal { get; set; }
        public bool? HasKernel { get; set; }
        public Guid? InstallationKeyId { get; set; }
        public Guid? DeviceId { get; set; }
        /// <summary>Fields of the API's answer that this type does not name.</summary>
        public IDictionary<string, object?> AdditionalProperties { get; set; } = new JsonDictionary();

        public override string ToString() => Hostname is null ? SensorId.ToString() : $"{Hostname} ({SensorId})";
    }

    // 64-bit so that ConvertTo-Json writes the name: it writes other enums as numbers unless given -EnumsAsStrings.
    /// <summary>The operating system or adapter family of a sensor (the top four bits of <c>plat</c>).</summary>
    public enum SensorPlatform : long
    {
        Unknown = 0,
        Windows = 1,
        Linux = 2,
        MacOS = 3,
        iOS = 4,
        Android = 5,
        ChromeOS = 6,
        Vpn = 7,
        Text = 8,
        Json = 9,
        Adapter = 15,
    }

    // 64-bit so that ConvertTo-Json writes the name: it writes other enums as numbers unless given -EnumsAsStrings.
    /// <summary>The CPU architecture of a sensor (<c>arch</c>).</summary>
    public enum SensorArchitecture : long
    {
        Unknown = 0,
        X86 = 1,
        X64 = 2,
        Arm = 3,
        Arm64 = 4,
        Alpine64 = 5,
        Chromium = 6,
        WireGuard = 7,
        ArmL = 8,
        UspAdapter = 9,
    }

    /// <summary>A sensor named by a lookup (hostname, IP, tag, online status) without its full details.</summary>
    public sealed class SensorReference
    {
        public Guid SensorId { get; set; }
        public Guid OrganizationId { get; set; }
        public string? Hostname { get; set; }
        public bool? IsOnline { get; set; }

        public override string ToString() => Hostname is null ? SensorId.ToString() : $"{Hostname} ({SensorId})";
    }

    /// <summary>A tag on a sensor.</summary>
    public sealed class SensorTag
    {
        public Guid SensorId { get; set; }
        public Guid OrganizationId { get; set; }
        public string Tag { get; set; } = string.Empty;
        /// <summary>Who added it (key name or user).</summary>
        public string? AddedBy { get; set; }
        public DateTimeOffset? AddedAt { get; set; }

        public override string ToString() => Tag;
    }

    /// <summary>Tasks sent to a sensor (the answer arrives asynchronously in the sensor's event stream).</summary>
    public sealed class SensorTask
    {
        public Guid SensorId { get; set; }
        public Guid OrganizationId { get; set; }
        public string[] Commands { get; set; } = Array.Empty<string>();
        public string? InvestigationId { get; set; }
        public string? IdempotencyKey { get; set; }
        public DateTimeOffset SentAt { get; set; }

        public override string ToString() => $"{SensorId}: {string.Join("; ", Commands)}";
    }
}
