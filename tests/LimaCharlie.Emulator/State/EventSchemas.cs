namespace LimaCharlie.Emulator.State;

/// <summary>
/// The built-in event schemas every org reports (<c>GET /v1/orgs/{oid}/schema[/{name}]</c>): EDR event types with the
/// platforms that emit them and their elements as <c>type:path</c>.
/// </summary>
public static class EventSchemas
{
    private static readonly string[] Everywhere = ["windows", "linux", "macos"];
    private static readonly string[] WindowsOnly = ["windows"];
    private static readonly string[] Routing =
    [
        "string:routing/hostname", "string:routing/sid", "string:routing/event_type", "integer:routing/event_time",
        "string:routing/this", "string:routing/parent",
    ];

    /// <summary>Event type (with its <c>evt:</c> prefix) → platforms and elements, in name order.</summary>
    public static IReadOnlyList<EventSchema> All { get; } =
    [
        Of("CODE_IDENTITY", Everywhere, "string:event/FILE_PATH", "string:event/HASH", "integer:event/FILE_SIZE", "string:event/SIGNATURE/CERT_ISSUER"),
        Of("DNS_REQUEST", Everywhere, "string:event/DOMAIN_NAME", "string:event/IP_ADDRESS", "integer:event/DNS_TYPE", "integer:event/MESSAGE_ID", "integer:event/PROCESS_ID"),
        Of("EXISTING_PROCESS", Everywhere, "string:event/FILE_PATH", "string:event/COMMAND_LINE", "integer:event/PROCESS_ID", "integer:event/PARENT_PROCESS_ID", "string:event/USER_NAME"),
        Of("FILE_CREATE", Everywhere, "string:event/FILE_PATH", "integer:event/PROCESS_ID"),
        Of("FILE_DELETE", Everywhere, "string:event/FILE_PATH", "integer:event/PROCESS_ID"),
        Of("FILE_MODIFIED", Everywhere, "string:event/FILE_PATH", "integer:event/PROCESS_ID"),
        Of("NETWORK_CONNECTIONS", Everywhere, "string:event/FILE_PATH", "integer:event/PROCESS_ID", "string:event/NETWORK_ACTIVITY/SOURCE/IP_ADDRESS", "integer:event/NETWORK_ACTIVITY/SOURCE/PORT", "string:event/NETWORK_ACTIVITY/DESTINATION/IP_ADDRESS", "integer:event/NETWORK_ACTIVITY/DESTINATION/PORT", "boolean:event/NETWORK_ACTIVITY/IS_OUTGOING", "string:event/NETWORK_ACTIVITY/PROTOCOL"),
        Of("NEW_PROCESS", Everywhere, "string:event/FILE_PATH", "string:event/COMMAND_LINE", "integer:event/PROCESS_ID", "integer:event/PARENT_PROCESS_ID", "string:event/USER_NAME", "string:event/HASH", "string:event/PARENT/FILE_PATH"),
        Of("REGISTRY_CREATE", WindowsOnly, "string:event/REGISTRY_KEY", "integer:event/PROCESS_ID"),
        Of("REGISTRY_WRITE", WindowsOnly, "string:event/REGISTRY_KEY", "string:event/REGISTRY_VALUE", "integer:event/SIZE", "integer:event/PROCESS_ID"),
        Of("SERVICE_CHANGE", WindowsOnly, "string:event/SVC_NAME", "string:event/DISPLAY_NAME", "string:event/EXECUTABLE", "integer:event/SVC_STATE"),
        Of("TERMINATE_PROCESS", Everywhere, "string:event/FILE_PATH", "integer:event/PROCESS_ID", "integer:event/PARENT_PROCESS_ID"),
        Of("USER_OBSERVED", Everywhere, "string:event/USER_NAME"),
        Of("WEL", WindowsOnly, "string:event/EVENT/System/Channel", "integer:event/EVENT/System/EventID", "string:event/EVENT/System/Computer"),
    ];

    /// <summary>The schema of <paramref name="eventType"/> (<c>evt:NAME</c>, or <c>NAME</c>), or null.</summary>
    public static EventSchema? Find(string eventType)
    {
        var name = eventType.Contains(':', StringComparison.Ordinal) ? eventType : "evt:" + eventType;
        return All.FirstOrDefault(s => string.Equals(s.EventType, name, StringComparison.OrdinalIgnoreCase));
    }

    private static EventSchema Of(string name, string[] platforms, params string[] elements) =>
        new("evt:" + name, platforms, [.. elements, .. Routing]);
}

public sealed record EventSchema(string EventType, IReadOnlyList<string> Platforms, IReadOnlyList<string> Elements);
