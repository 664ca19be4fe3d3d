namespace LimaCharlie.Emulator.State;

/// <summary>The accepted output modules and data types, and org value names (limacharlie-api.md §3.10, §3.11).</summary>
public static class ConfigCatalog
{
    public static IReadOnlyList<string> OutputModules { get; } =
    [
        "s3", "gcs", "pubsub", "bigquery", "scp", "sftp", "slack", "syslog", "webhook", "webhook_bulk", "smtp", "humio",
        "kafka", "azure_storage_blob", "azure_event_hub", "elastic", "tines", "torq", "datadog", "opensearch",
        "websocket", "telegram", "ms_teams", "live_stream",
    ];

    public static IReadOnlyList<string> OutputTypes { get; } =
        ["event", "detect", "audit", "deployment", "artifact", "tailored", "billing"];

    /// <summary>Fields every listed output carries, as <c>""</c> when not sent at creation.</summary>
    public static IReadOnlyList<string> OutputDefaultFields { get; } =
        ["tag", "cat", "sid", "inv_id", "event_white_list", "event_black_list", "cat_white_list", "cat_black_list"];

    public static IReadOnlyList<string> OrgValueNames { get; } =
    [
        "vt", "otx", "domain", "shodan", "pagerduty", "twilio", "socprime", "alphamountain", "pangea",
        "hybrid_analysis", "echotrail", "greynoise",
    ];
}
