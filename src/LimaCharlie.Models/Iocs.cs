using System;

namespace LimaCharlie
{
    /// <summary>How many sensors of an organization saw an indicator over the last 1, 7, 30 and 365 days.</summary>
    public sealed class IocPrevalence
    {
        public Guid OrganizationId { get; set; }
        /// <summary>The indicator's kind: domain, ip, file_hash, file_path, file_name, user, service_name, package_name or hostname.</summary>
        public string Type { get; set; } = string.Empty;
        public string Name { get; set; } = string.Empty;
        public long Last1Days { get; set; }
        public long Last7Days { get; set; }
        public long Last30Days { get; set; }
        public long Last365Days { get; set; }
        /// <summary>The answer came from the service's cache.</summary>
        public bool FromCache { get; set; }

        public override string ToString() => $"{Type} {Name}: {Last1Days}/{Last7Days}/{Last30Days}/{Last365Days}";
    }

    /// <summary>A sensor where an indicator was seen, with the first and last time.</summary>
    public sealed class IocLocation
    {
        public Guid OrganizationId { get; set; }
        public string Type { get; set; } = string.Empty;
        public string Name { get; set; } = string.Empty;
        public Guid SensorId { get; set; }
        public string? Hostname { get; set; }
        public DateTimeOffset? FirstSeen { get; set; }
        public DateTimeOffset? LastSeen { get; set; }

        public override string ToString() => $"{Name} on {Hostname ?? SensorId.ToString()}";
    }

    /// <summary>A moment of a sensor's timeline that holds events (an entry of the Insight overview).</summary>
    public sealed class SensorActivity
    {
        public Guid OrganizationId { get; set; }
        public Guid SensorId { get; set; }
        public DateTimeOffset Time { get; set; }

        public override string ToString() => $"{Time:u} {SensorId}";
    }
}
